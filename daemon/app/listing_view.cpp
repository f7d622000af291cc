#include "app/listing_view.hpp"

#include <iomanip>
#include <sstream>

#include "app/terminal_text.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

using Json = nlohmann::json;

// Room for any name autofixd itself writes; longer stored text is cut.
constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kRunDetailBytes = 60;
constexpr std::size_t kDeliveryErrorBytes = 80;

// Left-aligned columns of the given widths, each followed by one space;
// the last value is printed as it is.
class Columns {
 public:
  Columns& add(std::size_t width, const std::string& value) {
    out_ << std::left << std::setw(static_cast<int>(width)) << value << ' ';
    return *this;
  }
  std::string last(const std::string& value) {
    out_ << value << '\n';
    return out_.str();
  }

 private:
  std::ostringstream out_;
};

std::string name(const std::string& text) { return cell(text, kMaxNameBytes); }

}  // namespace

std::string run_heading() {
  return Columns()
      .add(6, "ID")
      .add(12, "ISSUE")
      .add(10, "RUN")
      .add(12, "STATE")
      .add(20, "RULE")
      .add(20, "UPDATED")
      .last("DETAIL");
}

std::string run_line(const store::RunRow& r, const std::string& operator_mark) {
  return Columns()
      .add(6, std::to_string(r.id.value))
      .add(12, r.issue.str())
      .add(10, r.sentry_run ? r.sentry_run->str() : "-")
      .add(12, std::string(store::to_string(r.state)))
      .add(20, operator_mark.empty() ? name(r.rule)
                                     : name(r.rule) + " (" + cell(operator_mark, 80) + ")")
      .add(20, format_utc(r.updated_at))
      .last(cell(r.detail, kRunDetailBytes));
}

Json run_json(const store::RunRow& r, const std::string& operator_mark) {
  return {{"id", r.id.value},
          {"operator", operator_mark.empty() ? Json(nullptr) : Json(json_text(operator_mark))},
          {"issue_id", r.issue.str()},
          {"run_id", r.sentry_run ? Json(r.sentry_run->value) : nullptr},
          {"state", store::to_string(r.state)},
          {"rule", json_text(r.rule)},
          {"stopping_point", config::to_string(r.stopping_point)},
          {"created_at", format_utc(r.created_at)},
          {"updated_at", format_utc(r.updated_at)},
          {"polls", r.poll_count},
          {"detail", json_text(r.detail)},
          {"origin", store::to_string(r.origin)},
          {"sentry_run_id",
           r.sentry_run_uuid.empty() ? Json(nullptr) : Json(json_text(r.sentry_run_uuid))}};
}

std::string delivery_heading() {
  return Columns()
      .add(6, "ID")
      .add(10, "STATE")
      .add(6, "TRIES")
      .add(12, "ISSUE")
      .add(12, "RESOURCE")
      .add(36, "REQUEST ID")
      .add(20, "RECEIVED")
      .last("LAST ERROR");
}

std::string delivery_line(const store::DeliverySummary& d) {
  return Columns()
      .add(6, std::to_string(d.id.value))
      .add(10, name(d.state))
      .add(6, std::to_string(d.attempts))
      .add(12, d.issue ? d.issue->str() : "-")
      .add(12, name(d.resource))
      .add(36, name(d.request_id))
      .add(20, format_utc(d.received_at))
      .last(cell(d.last_error, kDeliveryErrorBytes));
}

Json delivery_json(const store::DeliverySummary& d) {
  return {{"id", d.id.value},
          {"request_id", json_text(d.request_id)},
          {"resource", json_text(d.resource)},
          {"action", json_text(d.action)},
          {"issue_id", d.issue ? Json(d.issue->str()) : nullptr},
          {"state", json_text(d.state)},
          {"attempts", d.attempts},
          {"last_error", json_text(d.last_error)},
          {"received_at", format_utc(d.received_at)},
          {"processed_at", d.processed_at ? Json(format_utc(*d.processed_at)) : nullptr},
          {"decision_id", d.decision_id ? Json(*d.decision_id) : nullptr}};
}

}  // namespace autofixd::app
