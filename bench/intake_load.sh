# Sourced by bench/run and bench/ab: the intake load both put on autofixd
# (the same body, the same daemon configuration) and their port helpers.

# write_intake_body DIR: a 4 KB issue.created body in DIR/body.json, the
# fixture with its exception message (metadata.value) padded. Real
# deliveries are big for their event data; autofixd reads none of it, but
# copies the title into every decision. @@UNIQUE@@ becomes a counter per
# request (bench/signed_post.lua): autofixd answers a body it stored in the
# last 24 h as a duplicate and stores nothing.
intake_fixture=tests/fixtures/webhooks/issue_created.json
write_intake_body() {
  local pad_len pad
  pad_len=$(( 4096 - $(stat -c %s "$intake_fixture") - 1 - 24 ))  # 24: the unique part
  pad=$(head -c "$pad_len" /dev/zero | tr '\0' 'x')
  sed "s/\"value\":\"/\"value\":\"@@UNIQUE@@ $pad /" "$intake_fixture" > "$1/body.json"
}
# The issue every delivery names (the fake Sentry is told it).
intake_issue_id() { grep -o '"id":"[0-9]*"' "$intake_fixture" | head -1 | tr -dc 0-9; }

# write_autofixd_config PATH PORT SECRET SENTRY_DIR STORE: production
# durability (WAL, synchronous=FULL), live against the fake Sentry whose
# files are in SENTRY_DIR, one rule matching everything.
write_autofixd_config() {
  cat > "$1" <<CONF
[server]
listen = "127.0.0.1:$2"
client_secret = "$3"
max_connections = 4096
[sentry]
base_url = "$(cat "$4/base_url")"
organization = "$(cat "$4/organization")"
token_file = "$4/token"
[store]
path = "$5"
[log]
level = "warn"
[[rule]]
name = "all"
CONF
  chmod 600 "$1"  # it holds the client secret inline
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }
