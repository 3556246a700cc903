// The records a tablet pushes: their JSON both ways and the shape checks, shared by the client
// (which checks before queuing) and the server (which checks again before applying).
#include "shared/sync/mutation.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

using nlohmann::json;

json Valid(const char* kind, json args) {
  return {{"id", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}, {"kind", kind}, {"args", std::move(args)},
          {"created_at", "2026-12-03T09:30:00Z"}};
}

TEST(Mutation, EveryKindRoundTripsThroughJson) {
  const json samples[] = {
      Valid("add_note", {{"customer_id", 4}, {"text", "Vu le comptable, règlement la semaine prochaine"}}),
      Valid("add_promise", {{"customer_id", 4}, {"date", "2026-12-15"}, {"amount_minor", 125000}}),
      Valid("open_dispute", {{"invoice_id", 9}, {"reason", "Livraison incomplète"}}),
      Valid("propose_plan", {{"customer_id", 4}, {"installments", 3}, {"first_date", "2026-12-10"}, {"frequency", "weekly"},
                             {"invoice_ids", {9, 10}}}),
      Valid("approve_plan", {{"plan_id", 2}, {"comment", ""}}),
      Valid("reject_plan", {{"plan_id", 2}, {"comment", "Trop long"}}),
      Valid("log_visit", {{"customer_id", 4}, {"date", "2026-12-03"}, {"outcome", "RAS"}}),
      Valid("task_outcome", {{"task_id", 5}, {"outcome", "no_answer"}, {"note", ""}, {"next_try", "2026-12-05"}}),
      Valid("task_outcome", {{"task_id", 5}, {"outcome", "promise"}, {"note", "Rappel vendredi"},
                             {"promise", {{"date", "2026-12-12"}, {"amount_minor", 50000}}}}),
      Valid("task_outcome", {{"task_id", 5}, {"outcome", "dispute"}, {"note", ""},
                             {"dispute", {{"invoice_id", 9}, {"reason", "Prix erroné"}}}}),
      Valid("record_payment", {{"customer_id", 4}, {"amount_minor", 90000}, {"currency", "EUR"}, {"date", "2026-12-02"},
                               {"method", "cheque"}, {"reference", "CHQ 1234567"},
                               {"allocations", {{{"invoice_id", 9}, {"amount_minor", 60000}}}}}),
      Valid("record_payment", {{"customer_id", 4}, {"amount_minor", 90000}, {"currency", "EUR"}, {"date", "2026-12-02"},
                               {"method", "transfer"}, {"reference", ""}}),
      Valid("resolve_dispute", {{"dispute_id", 3}, {"resolution", "Avoir émis"}}),
  };
  for (const json& j : samples) {
    auto m = ParseMutation(j);
    ASSERT_TRUE(m.ok()) << j.dump() << ": " << m.status().ToString();
    EXPECT_EQ(ToJson(*m), j) << "the JSON written is the JSON read";
    auto again = ParseMutation(ToJson(*m));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->kind, m->kind);
    EXPECT_EQ(again->day(), Date::ParseIso("2026-12-03").value());
  }
}

TEST(Mutation, ErrorsNameTheField) {
  struct Case {
    json j;
    const char* field;
  };
  json no_id = Valid("add_note", {{"customer_id", 4}, {"text", "x"}});
  no_id.erase("id");
  json upper = Valid("add_note", {{"customer_id", 4}, {"text", "x"}});
  upper["id"] = "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B";
  json bad_time = Valid("add_note", {{"customer_id", 4}, {"text", "x"}});
  bad_time["created_at"] = "yesterday";
  const Case cases[] = {
      {no_id, "id"},
      {upper, "id"},
      {bad_time, "created_at"},
      {Valid("delete_everything", json::object()), "kind"},
      {Valid("add_note", {{"customer_id", 4}, {"text", "   "}}), "args.text"},
      {Valid("add_note", {{"customer_id", "4"}, {"text", "x"}}), "args.customer_id"},
      {Valid("add_note", {{"customer_id", 4}, {"text", std::string(10001, 'a')}}), "args.text"},
      {Valid("add_promise", {{"customer_id", 4}, {"date", "15/12/2026"}, {"amount_minor", 1}}), "args.date"},
      {Valid("add_promise", {{"customer_id", 4}, {"date", "2026-12-15"}, {"amount_minor", 1.5}}), "args.amount_minor"},
      {Valid("propose_plan", {{"customer_id", 4}, {"installments", 0}, {"first_date", "2026-12-10"}}), "args.installments"},
      {Valid("task_outcome", {{"task_id", 5}, {"outcome", "hung_up"}}), "args.outcome"},
      {Valid("task_outcome", {{"task_id", 5}, {"outcome", "promise"}, {"promise", {{"date", "demain"}, {"amount_minor", 1}}}}),
       "args.promise.date"},
      {Valid("task_outcome", {{"task_id", 5}, {"outcome", "dispute"}, {"dispute", {{"invoice_id", 9}}}}), "args.dispute.reason"},
      {Valid("record_payment", {{"customer_id", 4}, {"amount_minor", 0}, {"currency", "EUR"}, {"date", "2026-12-02"}}),
       "args.amount_minor"},
      {Valid("record_payment", {{"customer_id", 4}, {"amount_minor", 5}, {"currency", "EURO"}, {"date", "2026-12-02"}}),
       "args.currency"},
      {Valid("record_payment", {{"customer_id", 4}, {"amount_minor", 5}, {"currency", "EUR"}, {"date", "2026-12-02"},
                                {"allocations", {{{"invoice_id", 9}, {"amount_minor", -1}}}}}),
       "args.allocations[0].amount_minor"},
      {Valid("resolve_dispute", {{"dispute_id", 3}, {"resolution", ""}}), "args.resolution"},
      {Valid("propose_plan", {{"customer_id", 4}, {"installments", 3}, {"first_date", "2026-12-10"}, {"frequency", "daily"}}),
       "args.frequency"},
      {Valid("propose_plan", {{"customer_id", 4}, {"installments", 3}, {"first_date", "2026-12-10"}, {"invoice_ids", {-1}}}),
       "args.invoice_ids"},
      {Valid("reject_plan", {{"plan_id", 2}}), "args.comment"},
      {Valid("open_dispute", {{"invoice_id", 0}, {"reason", "x"}}), "args.invoice_id"},
  };
  for (const auto& c : cases) {
    auto m = ParseMutation(c.j);
    ASSERT_FALSE(m.ok()) << c.j.dump();
    EXPECT_EQ(m.status().field(), c.field) << c.j.dump() << ": " << m.status().ToString();
  }
  EXPECT_FALSE(ParseMutation(json::array()).ok());
  json no_args = Valid("add_note", json::object());
  no_args["args"] = "text";
  EXPECT_EQ(ParseMutation(no_args).status().field(), "args");
}

// Found by tests/fuzz/sync_push_fuzz: 2^64 - 1 was read as -1 (a promise of -1 cent), an id
// of 2^63 as a negative one. Integers beyond int64_t are refused; INT64_MAX still reads.
TEST(Mutation, IntegersBeyondInt64AreRefusedNotWrapped) {
  const json promise = json::parse(
      R"({"id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "kind": "add_promise", "created_at": "2026-12-03T09:30:00Z",
          "args": {"customer_id": 4, "date": "2026-12-15", "amount_minor": 18446744073709551615}})");
  auto m = ParseMutation(promise);
  ASSERT_FALSE(m.ok()) << ToJson(*m).dump();
  EXPECT_EQ(m.status().field(), "args.amount_minor");

  json big_id = promise;
  big_id["args"]["amount_minor"] = 100;
  big_id["args"]["customer_id"] = uint64_t{1} << 63;
  EXPECT_EQ(ParseMutation(big_id).status().field(), "args.customer_id");
  json plan = Valid("propose_plan", {{"customer_id", 4}, {"installments", 3}, {"first_date", "2026-12-10"}});
  plan["args"]["invoice_ids"] = json::array({1, uint64_t{1} << 63});
  EXPECT_EQ(ParseMutation(plan).status().field(), "args.invoice_ids");

  json max = promise;
  max["args"]["amount_minor"] = INT64_MAX;
  max["args"]["customer_id"] = uint64_t{INT64_MAX};
  auto ok = ParseMutation(max);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(std::get<PromiseArgs>(ok->args).amount_minor, INT64_MAX);
  EXPECT_EQ(std::get<PromiseArgs>(ok->args).customer_id, INT64_MAX);
}

TEST(Mutation, UuidsAreLowerCaseAndDashed) {
  EXPECT_TRUE(IsUuid("00000000-0000-4000-8000-000000000000"));
  EXPECT_FALSE(IsUuid("00000000000040008000000000000000"));
  EXPECT_FALSE(IsUuid("00000000-0000-4000-8000-00000000000g"));
  EXPECT_FALSE(IsUuid("00000000-0000-4000-8000-0000000000000"));
  EXPECT_FALSE(IsUuid("' OR 1=1 --"));
}

}  // namespace
}  // namespace encaisse
