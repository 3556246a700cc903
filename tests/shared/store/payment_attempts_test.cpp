// The debtor's online payments: one attempt per pay form, and the gateway's events applied
// once each; the money recorded only when an event says it is in, allocated to the invoices
// the debtor chose, the rest kept as a credit.
#include "shared/store/payment_attempts.h"

#include <gtest/gtest.h>

#include "shared/store/courtesy_queue.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class PaymentAttemptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    Customer c;
    c.external_id = "C001";
    c.name = "Boulangerie Martin SARL";
    auto id = store_->AddCustomer(c);
    ASSERT_TRUE(id.ok());
    customer_ = *id;
    inv1_ = AddInvoice("FA-1", "2024-05-01", 100000);
    inv2_ = AddInvoice("FA-2", "2024-05-15", 50000);
    inv3_ = AddInvoice("FA-3", "2024-06-01", 30000);
  }

  Id AddInvoice(const std::string& number, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer_;
    i.number = number;
    i.issue_date = D("2024-04-01");
    i.due_date = D(due);
    i.amount_minor = amount;
    i.currency = Eur();
    auto id = store_->AddInvoice(i);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  PaymentAttempt Attempt(const std::string& key, int64_t amount, std::vector<Id> invoices) {
    PaymentAttempt a;
    a.customer_id = customer_;
    a.form_key = key;
    a.gateway = "sandbox";
    a.amount_minor = amount;
    a.currency = "EUR";
    a.invoice_ids = std::move(invoices);
    a.created_at = "2024-06-10T09:00:00Z";
    auto r = CreateAttempt(db(), a);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->attempt : PaymentAttempt{};
  }

  static GatewayEvent Event(const std::string& id, GatewayEvent::Kind kind, Id attempt, int64_t amount) {
    GatewayEvent e;
    e.event_id = id;
    e.type = "checkout.session.completed";
    e.kind = kind;
    e.attempt_id = attempt;
    e.session_id = "cs_" + std::to_string(attempt);
    e.amount_minor = amount;
    e.currency = "EUR";
    return e;
  }

  Result<EventOutcome> Apply(const GatewayEvent& e) {
    return ApplyGatewayEvent(*store_, "sandbox", e, D("2024-06-10"), "2024-06-10T09:01:00Z");
  }

  int64_t Open(Id invoice) { return store_->GetInvoice(invoice).value().open_minor; }
  Db& db() { return store_->db(); }

  ScopedDbPath path_{"payment_attempts"};
  std::optional<Store> store_;
  Id customer_ = 0, inv1_ = 0, inv2_ = 0, inv3_ = 0;
};

TEST_F(PaymentAttemptsTest, ASecondSubmitOfTheSameFormFindsTheFirstAttempt) {
  const PaymentAttempt first = Attempt("form-1", 150000, {inv1_, inv2_});
  PaymentAttempt again = first;
  again.amount_minor = 999;
  auto r = CreateAttempt(db(), again);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->created);
  EXPECT_EQ(r->attempt.id, first.id);
  EXPECT_EQ(r->attempt.amount_minor, 150000);
  EXPECT_EQ(r->attempt.invoice_ids, (std::vector<Id>{inv1_, inv2_}));
  EXPECT_EQ(CountRows(db(), "payment_attempts"), 1);
  PaymentAttempt zero = first;
  zero.form_key = "form-2";
  zero.amount_minor = 0;
  EXPECT_EQ(CreateAttempt(db(), zero).status().code(), Code::kInvalidArgument);
}

TEST_F(PaymentAttemptsTest, APaidEventRecordsOnePaymentOnTheChosenInvoicesHoweverOftenItComes) {
  const PaymentAttempt a = Attempt("form-1", 80000, {inv3_, inv2_});
  ASSERT_TRUE(SetCheckout(db(), a.id, "cs_1", "http://gw/cs_1", "2024-06-10T09:00:01Z").ok());
  for (int delivery = 0; delivery < 3; ++delivery) {
    auto r = Apply(Event("evt_1", GatewayEvent::Kind::kPaid, a.id, 80000));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->duplicate, delivery > 0);
    if (delivery == 0) {
      EXPECT_EQ(r->outcome, "paid");
      EXPECT_EQ(r->settled, (std::vector<Id>{inv3_, inv2_})) << "in the debtor's order";
    }
  }
  EXPECT_EQ(CountRows(db(), "payments"), 1);
  EXPECT_EQ(Open(inv3_), 0);
  EXPECT_EQ(Open(inv2_), 0);
  EXPECT_EQ(Open(inv1_), 100000) << "not chosen: the oldest stays open";
  auto stored = GetAttempt(db(), a.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, "paid");
  EXPECT_NE(stored->payment_id, 0);
  EXPECT_TRUE(store_->VerifyLedger().ok());
  // Another event for the same attempt (a late duplicate from the gateway): no second payment.
  auto late = Apply(Event("evt_2", GatewayEvent::Kind::kPaid, a.id, 80000));
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->outcome, "already_paid");
  EXPECT_EQ(CountRows(db(), "payments"), 1);
}

TEST_F(PaymentAttemptsTest, TheReceiptIsQueuedWithThePaymentAndEachInvoiceThankedOnce) {
  const PaymentAttempt a = Attempt("form-1", 80000, {inv3_, inv2_});
  ASSERT_TRUE(Apply(Event("evt_1", GatewayEvent::Kind::kPaid, a.id, 80000)).ok());
  ASSERT_TRUE(Apply(Event("evt_1", GatewayEvent::Kind::kPaid, a.id, 80000)).ok());  // re-delivered
  auto count = [&](const std::string& sql) { return db().QueryInt(sql).value(); };
  EXPECT_EQ(count("SELECT count(*) FROM reminders WHERE kind = 'thank_you' AND channel = 'email' AND status = 'queued' "
                  "AND date = '2024-06-10' AND template_id = 'thank_you'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM reminder_lines WHERE step = -2 AND invoice_id IN (" + std::to_string(inv2_) +
                  ", " + std::to_string(inv3_) + ")"),
            2);
  // A second payment the same day joins the waiting receipt; a partial one settles nothing.
  const PaymentAttempt b = Attempt("form-2", 100000, {inv1_});
  ASSERT_TRUE(Apply(Event("evt_2", GatewayEvent::Kind::kPaid, b.id, 100000)).ok());
  EXPECT_EQ(count("SELECT count(*) FROM reminders WHERE kind = 'thank_you'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM reminder_lines WHERE step = -2"), 3);
  // An invoice thanked once is never thanked again (nor is an empty message written).
  ASSERT_TRUE(QueueThankYou(db(), customer_, std::vector<Id>{inv1_}, D("2024-06-11"), "2024-06-11T08:00:00Z").ok());
  EXPECT_EQ(count("SELECT count(*) FROM reminder_lines WHERE step = -2"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM reminders WHERE kind = 'thank_you'"), 1) << "no message without a line";
}

TEST_F(PaymentAttemptsTest, PaidMeanwhileByTransferTheOnlinePaymentStaysACredit) {
  const PaymentAttempt a = Attempt("form-1", 50000, {inv2_});
  Payment transfer{0, customer_, D("2024-06-09"), 50000, Eur(), "transfer", "VIR"};
  ASSERT_TRUE(store_->RecordPayment(transfer, std::vector<Allocation>{{0, inv2_, 0, 0, 50000, D("2024-06-09")}}).ok());
  auto r = Apply(Event("evt_1", GatewayEvent::Kind::kPaid, a.id, 50000));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "paid");
  EXPECT_TRUE(r->settled.empty());
  EXPECT_EQ(CountRows(db(), "payments"), 2);
  EXPECT_EQ(QueryText(db(), "SELECT coalesce(sum(amount_minor), 0) FROM allocations"), "50000")
      << "the invoice is settled once; the card payment is an unallocated credit";
  EXPECT_TRUE(store_->VerifyLedger().ok());
}

TEST_F(PaymentAttemptsTest, WithoutAChoiceTheOldestUndisputedInvoicesAreSettledFirst) {
  const PaymentAttempt a = Attempt("form-1", 120000, {});
  auto r = Apply(Event("evt_1", GatewayEvent::Kind::kPaid, a.id, 120000));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Open(inv1_), 0);
  EXPECT_EQ(Open(inv2_), 30000);
}

TEST_F(PaymentAttemptsTest, PendingFailedExpiredAndUnknownEventsRecordNoMoney) {
  const PaymentAttempt a = Attempt("form-1", 50000, {inv2_});
  auto pending = Apply(Event("evt_1", GatewayEvent::Kind::kPending, a.id, 50000));
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(GetAttempt(db(), a.id)->status, "pending");
  GatewayEvent failed = Event("evt_2", GatewayEvent::Kind::kFailed, a.id, 50000);
  failed.detail = "Insufficient funds";
  ASSERT_TRUE(Apply(failed).ok());
  EXPECT_EQ(GetAttempt(db(), a.id)->status, "failed");
  EXPECT_EQ(GetAttempt(db(), a.id)->detail, "Insufficient funds");
  auto unknown = Apply(Event("evt_3", GatewayEvent::Kind::kPaid, 999999, 50000));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->outcome, "unknown_attempt");
  auto other_gateway = ApplyGatewayEvent(*store_, "stripe", Event("evt_4", GatewayEvent::Kind::kPaid, a.id, 50000),
                                         D("2024-06-10"), "2024-06-10T09:01:00Z");
  ASSERT_TRUE(other_gateway.ok());
  EXPECT_EQ(other_gateway->outcome, "unknown_attempt") << "an attempt answers to its own gateway only";
  EXPECT_EQ(CountRows(db(), "payments"), 0);
  EXPECT_EQ(CountRows(db(), "gateway_events"), 4);
  EXPECT_EQ(QueryText(db(), "SELECT outcome FROM gateway_events WHERE event_id = 'evt_2'"), "failed");
}

}  // namespace
}  // namespace encaisse
