#pragma once
// The lists of run states the store's SQL names, in one place: the active
// states (those the unique index runs_one_active_per_issue counts) and the
// ended ones. sql_join() builds a statement's text at compile time, so each
// statement is still one constant string. run_state_sql_test checks both
// lists against is_terminal() and the index in the schema.

#include <array>
#include <cstddef>

namespace autofixd::store {

inline constexpr char kActiveRunStates[] = "('pending','starting','running','needs_input')";
inline constexpr char kEndedRunStates[] = "('completed','failed','timed_out','cancelled')";

// The string literals `parts` joined, NUL-terminated.
template <std::size_t... N>
constexpr auto sql_join(const char (&... parts)[N]) {
  std::array<char, (N + ...) - sizeof...(N) + 1> out{};
  std::size_t at = 0;
  const auto append = [&](const char* part, std::size_t size) {
    for (std::size_t i = 0; i + 1 < size; ++i) out[at++] = part[i];
  };
  (append(parts, N), ...);
  return out;
}

}  // namespace autofixd::store
