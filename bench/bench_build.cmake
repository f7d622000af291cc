set(FAKE_DIR ${CMAKE_SOURCE_DIR}/tests/integration)

# The integration tests' fake Sentry, once for both benchmarks. Globbed as the
# integration tests glob it, so a new fake_sentry_*.cpp cannot break only the
# benchmark (it did: CI failed at the smoke run on a missing source).
file(GLOB FAKE_SENTRY_SOURCES CONFIGURE_DEPENDS ${FAKE_DIR}/fake_sentry*.cpp)
list(FILTER FAKE_SENTRY_SOURCES EXCLUDE REGEX "_test\\.cpp$")
add_library(autofixd_bench_fake_sentry STATIC
  ${FAKE_SENTRY_SOURCES} ${FAKE_DIR}/fake_http_server.cpp ${FAKE_DIR}/test_ca.cpp)
target_link_libraries(autofixd_bench_fake_sentry PUBLIC
  autofixd_util autofixd_net_impl nlohmann_json::nlohmann_json)
target_include_directories(autofixd_bench_fake_sentry PUBLIC ${CMAKE_SOURCE_DIR}/tests)

# bench/runs: the real binary against the integration tests' fake Sentry.
add_executable(autofixd_bench_runs ${CMAKE_SOURCE_DIR}/bench/runs.cpp ${FAKE_DIR}/daemon_process.cpp)
target_link_libraries(autofixd_bench_runs PRIVATE autofixd_bench_fake_sentry
  autofixd_runs autofixd_intake autofixd_store autofixd_net_impl nlohmann_json::nlohmann_json)
target_include_directories(autofixd_bench_runs PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_compile_definitions(autofixd_bench_runs PRIVATE AUTOFIXD_BINARY="$<TARGET_FILE:autofixd>")
add_dependencies(autofixd_bench_runs autofixd)

# bench/run: the same fake Sentry as a process, behind the daemon under wrk.
add_executable(autofixd_bench_sentry ${CMAKE_SOURCE_DIR}/bench/fake_sentry_main.cpp)
target_link_libraries(autofixd_bench_sentry PRIVATE autofixd_bench_fake_sentry)
target_include_directories(autofixd_bench_sentry PRIVATE ${CMAKE_SOURCE_DIR}/tests)

# bench/run: SQLite alone with bodies as they are and zstd-compressed.
add_executable(autofixd_bench_sqlite ${CMAKE_SOURCE_DIR}/bench/sqlite_floor.cpp)
target_link_libraries(autofixd_bench_sqlite PRIVATE SQLite::SQLite3 PkgConfig::ZSTD)

# bench/json_parse: the hand JSON reader against nlohmann's, same builder.
add_executable(autofixd_bench_json ${CMAKE_SOURCE_DIR}/bench/json_parse.cpp)
target_link_libraries(autofixd_bench_json PRIVATE autofixd_intake nlohmann_json::nlohmann_json)
target_compile_definitions(autofixd_bench_json PRIVATE AUTOFIXD_SOURCE_DIR="${CMAKE_SOURCE_DIR}")

# bench/replay_window: intake's cost once the replay window spills to the store.
add_executable(autofixd_bench_replay ${CMAKE_SOURCE_DIR}/bench/replay_window.cpp)
target_link_libraries(autofixd_bench_replay PRIVATE autofixd_store autofixd_util)

# bench/migration: how long the newest schema migration takes on a large store.
add_executable(autofixd_bench_migration ${CMAKE_SOURCE_DIR}/bench/migration.cpp)
target_link_libraries(autofixd_bench_migration PRIVATE autofixd_store autofixd_util)
