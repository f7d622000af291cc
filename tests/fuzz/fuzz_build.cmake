# Included by the top-level CMakeLists.txt when AUTOFIXD_FUZZ is ON, instead
# of the daemon's full build. Needs clang (libFuzzer ships with it).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "AUTOFIXD_FUZZ needs clang: configure a separate build directory with "
                      "CC=clang-14 CXX=clang++-14 (scripts/dev fuzz does this)")
endif()

# Libraries get coverage instrumentation; only the targets link libFuzzer's main.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)

autofixd_component(util DEPS OpenSSL::Crypto spdlog::spdlog)
autofixd_component(config DEPS autofixd_util PkgConfig::TOMLPP PkgConfig::RE2
  nlohmann_json::nlohmann_json)
autofixd_component(sentry_model SOURCES ${SENTRY_MODEL_SOURCES}
  DEPS autofixd_util nlohmann_json::nlohmann_json)
autofixd_component(rules DEPS autofixd_config autofixd_sentry_model nlohmann_json::nlohmann_json)
# intake without webhook_handler.cpp (which needs the store and the server).
set(INTAKE_PURE_SOURCES
  ${DAEMON_DIR}/intake/envelope.cpp ${DAEMON_DIR}/intake/facts_from_issue.cpp
  ${DAEMON_DIR}/intake/fields.cpp ${DAEMON_DIR}/intake/resources.cpp
  ${DAEMON_DIR}/intake/signature.cpp ${DAEMON_DIR}/intake/strict_json.cpp
  ${DAEMON_DIR}/intake/strict_builder.cpp ${DAEMON_DIR}/intake/json_reader.cpp
  ${DAEMON_DIR}/intake/json_string.cpp ${DAEMON_DIR}/intake/seen_keys.cpp
  ${DAEMON_DIR}/intake/payload_members.cpp)
autofixd_component(intake SOURCES ${INTAKE_PURE_SOURCES}
  DEPS autofixd_sentry_model autofixd_config autofixd_rules OpenSSL::Crypto)

foreach(target fuzz_envelope fuzz_signature fuzz_config fuzz_strict_json)
  add_executable(${target} ${CMAKE_SOURCE_DIR}/tests/fuzz/${target}.cpp)
  target_link_libraries(${target} PRIVATE autofixd_intake autofixd_config)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
endforeach()

# The HTTP head scanner is pure and stands alone.
add_executable(fuzz_head_scan ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_head_scan.cpp
  ${DAEMON_DIR}/http/head_scan.cpp)
target_include_directories(fuzz_head_scan PRIVATE ${DAEMON_DIR})
target_link_options(fuzz_head_scan PRIVATE -fsanitize=fuzzer)

# The request path as the server reads it (Beast's parser, header-only here,
# with the server's limits): chunk framing stays within the read buffer's cap.
add_executable(fuzz_chunked ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_chunked.cpp)
target_include_directories(fuzz_chunked PRIVATE ${DAEMON_DIR})
target_link_libraries(fuzz_chunked PRIVATE Boost::headers)
target_link_options(fuzz_chunked PRIVATE -fsanitize=fuzzer)
# Header-only Beast in this one target (the project compiles it separately).
target_compile_options(fuzz_chunked PRIVATE -UBOOST_BEAST_SEPARATE_COMPILATION
  -UBOOST_ASIO_SEPARATE_COMPILATION)
