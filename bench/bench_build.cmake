# bench/runs: the real binary against the integration tests' fake Sentry.
set(FAKE_DIR ${CMAKE_SOURCE_DIR}/tests/integration)
add_executable(autofixd_bench_runs
  ${CMAKE_SOURCE_DIR}/bench/runs.cpp
  ${FAKE_DIR}/fake_sentry.cpp ${FAKE_DIR}/fake_sentry_json.cpp ${FAKE_DIR}/fake_sentry_routes.cpp
  ${FAKE_DIR}/fake_sentry_server.cpp ${FAKE_DIR}/test_ca.cpp ${FAKE_DIR}/daemon_process.cpp
  ${FAKE_DIR}/fake_sentry_seer.cpp ${FAKE_DIR}/fake_sentry_seer_api.cpp
  ${FAKE_DIR}/fake_sentry_seer_json.cpp ${FAKE_DIR}/fake_sentry_seer_plan.cpp
  ${FAKE_DIR}/fake_sentry_seer_post.cpp)
target_link_libraries(autofixd_bench_runs PRIVATE
  autofixd_runs autofixd_intake autofixd_store autofixd_net_impl nlohmann_json::nlohmann_json)
target_include_directories(autofixd_bench_runs PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_compile_definitions(autofixd_bench_runs PRIVATE AUTOFIXD_BINARY="$<TARGET_FILE:autofixd>")
add_dependencies(autofixd_bench_runs autofixd)

# bench/run: the same fake Sentry as a process, behind the daemon under wrk.
add_executable(autofixd_bench_sentry
  ${CMAKE_SOURCE_DIR}/bench/fake_sentry_main.cpp
  ${FAKE_DIR}/fake_sentry.cpp ${FAKE_DIR}/fake_sentry_json.cpp ${FAKE_DIR}/fake_sentry_routes.cpp
  ${FAKE_DIR}/fake_sentry_server.cpp ${FAKE_DIR}/test_ca.cpp
  ${FAKE_DIR}/fake_sentry_seer.cpp ${FAKE_DIR}/fake_sentry_seer_api.cpp
  ${FAKE_DIR}/fake_sentry_seer_json.cpp ${FAKE_DIR}/fake_sentry_seer_plan.cpp
  ${FAKE_DIR}/fake_sentry_seer_post.cpp)
target_link_libraries(autofixd_bench_sentry PRIVATE
  autofixd_util autofixd_net_impl nlohmann_json::nlohmann_json)
target_include_directories(autofixd_bench_sentry PRIVATE ${CMAKE_SOURCE_DIR}/tests)

# bench/run: SQLite alone with bodies as they are and zstd-compressed.
add_executable(autofixd_bench_sqlite ${CMAKE_SOURCE_DIR}/bench/sqlite_floor.cpp)
target_link_libraries(autofixd_bench_sqlite PRIVATE SQLite::SQLite3 PkgConfig::ZSTD)
