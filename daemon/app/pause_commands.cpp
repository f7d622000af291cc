// autofixd pause / resume: the kill switch, kept in the store so a running
// daemon honours it within five seconds (the engine reads it at least that
// often). Polling, comments and intake go on while paused.
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/commands.hpp"
#include "store/store.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {

std::string unix_user() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return "uid " + std::to_string(::geteuid());
}

std::optional<store::Store> open_store(const CommonOptions& options) {
  auto config = load_or_report(options);
  if (!config) return std::nullopt;
  auto store = store::Store::open(config->store.path);
  if (!store) {
    std::cerr << "autofixd: " << store.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*store);
}

int pause(const CommonOptions& options, const std::string& reason) {
  auto store = open_store(options);
  if (!store) return 1;
  const store::PauseState pause{reason, unix_user(), std::chrono::system_clock::now()};
  if (auto set = store->set_pause(pause); !set) {
    std::cerr << "autofixd: cannot pause: " << set.error().message << "\n";
    return 1;
  }
  std::cout << "automation " << describe_pause(pause)
            << "\na running daemon starts no run within 5s; polling, comments and intake go on."
               " Undo with `autofixd resume`.\n";
  return 0;
}

int resume(const CommonOptions& options) {
  auto store = open_store(options);
  if (!store) return 1;
  auto was = store->clear_pause();
  if (!was) {
    std::cerr << "autofixd: cannot resume: " << was.error().message << "\n";
    return 1;
  }
  if (!*was) {
    std::cout << "automation was not paused\n";
    return 0;
  }
  std::cout << "automation resumed (was " << describe_pause(**was)
            << "); a running daemon starts waiting runs within 5s\n";
  return 0;
}

}  // namespace autofixd::app
