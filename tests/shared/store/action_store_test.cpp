// Notes, promises, visits and disputes in the store, and the sales rep's scope.
#include "shared/store/action_store.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "shared/store/customer_scope.h"
#include "shared/store/store.h"
#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

class ActionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_ = store_->AddUser({0, "rep@example.test", "Rémi Rep", Role::kSalesRep, false}).value();
    other_rep_ = store_->AddUser({0, "rep2@example.test", "Rose Rep", Role::kSalesRep, false}).value();
    Customer c;
    c.external_id = "C001";
    c.name = "Boulangerie Martin SARL";
    c.rep_id = rep_;
    customer_ = store_->AddCustomer(c).value();
    invoice_ = AddInvoice("FA-001", 100000);
  }

  Id AddInvoice(const std::string& number, int64_t amount) {
    Invoice i;
    i.customer_id = customer_;
    i.number = number;
    i.issue_date = D("2026-10-01");
    i.due_date = D("2026-10-31");
    i.amount_minor = amount;
    return store_->AddInvoice(i).value();
  }

  Db& db() { return store_->db(); }

  ScopedDbPath path_{"action_store"};
  std::optional<Store> store_;
  Id rep_ = 0, other_rep_ = 0, customer_ = 0, invoice_ = 0;
  const Date today_ = D("2026-11-24");
};

TEST_F(ActionStoreTest, NoteIsStoredAndLogged) {
  const int64_t log = CountRows(db(), "change_log");
  auto note = AddNote(db(), Note{0, customer_, rep_, today_, "Appel : virement la semaine prochaine"});
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_GT(note->id, 0);
  EXPECT_EQ(QueryText(db(), "SELECT text FROM notes WHERE id = " + std::to_string(note->id)),
            "Appel : virement la semaine prochaine");
  EXPECT_EQ(CountRows(db(), "change_log"), log + 1);
}

TEST_F(ActionStoreTest, NoteNeedsTextAndAnExistingCustomer) {
  auto empty = AddNote(db(), Note{0, customer_, rep_, today_, ""});
  EXPECT_EQ(empty.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(empty.status().field(), "text");
  auto too_long = AddNote(db(), Note{0, customer_, rep_, today_, std::string(kMaxNoteBytes + 1, 'x')});
  EXPECT_EQ(too_long.status().code(), Code::kInvalidArgument);
  auto nobody = AddNote(db(), Note{0, customer_ + 100, rep_, today_, "x"});
  EXPECT_EQ(nobody.status().code(), Code::kNotFound);
  EXPECT_EQ(CountRows(db(), "notes"), 0);
}

TEST_F(ActionStoreTest, PromiseFromTodayToNinetyDaysWithAPositiveAmount) {
  Promise p;
  p.customer_id = customer_;
  p.author_id = rep_;
  p.amount_minor = 50000;
  p.promised_date = today_;
  EXPECT_TRUE(AddPromise(db(), p, today_).ok());
  p.promised_date = today_.AddDays(kMaxPromiseDays);
  auto last = AddPromise(db(), p, today_);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->status, PromiseStatus::kPending);
  EXPECT_EQ(last->created, today_);
  p.promised_date = today_.AddDays(kMaxPromiseDays + 1);
  EXPECT_EQ(AddPromise(db(), p, today_).status().field(), "date");
  p.promised_date = today_.AddDays(-1);
  EXPECT_EQ(AddPromise(db(), p, today_).status().field(), "date");
  p.promised_date = today_;
  p.amount_minor = 0;
  EXPECT_EQ(AddPromise(db(), p, today_).status().field(), "amount_minor");
  EXPECT_EQ(CountRows(db(), "promises"), 2);
}

TEST_F(ActionStoreTest, VisitWithinAYear) {
  auto v = AddVisit(db(), Visit{0, customer_, rep_, today_.AddDays(3), ""}, today_);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(QueryText(db(), "SELECT planned FROM visits WHERE id = " + std::to_string(v->id)), "2026-11-27");
  EXPECT_EQ(AddVisit(db(), Visit{0, customer_, rep_, today_.AddDays(400), ""}, today_).status().field(), "date");
}

TEST_F(ActionStoreTest, OneOpenDisputePerInvoice) {
  auto d = OpenDispute(db(), invoice_, today_, "Marchandise abîmée");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->customer_id, customer_);
  EXPECT_EQ(d->status, DisputeStatus::kOpen);
  auto again = OpenDispute(db(), invoice_, today_, "encore");
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(CountRows(db(), "disputes"), 1);

  auto resolved = ResolveDispute(db(), d->id, today_.AddDays(2), "Avoir de 200 €");
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->status, DisputeStatus::kResolved);
  EXPECT_EQ(resolved->resolved, today_.AddDays(2));
  EXPECT_EQ(ResolveDispute(db(), d->id, today_, "deux fois").status().code(), Code::kConflict);
  EXPECT_EQ(ResolveDispute(db(), d->id + 100, today_, "x").status().code(), Code::kNotFound);
  EXPECT_EQ(ResolveDispute(db(), d->id, today_, "").status().code(), Code::kInvalidArgument);

  // Resolved, the invoice can be disputed again.
  EXPECT_TRUE(OpenDispute(db(), invoice_, today_, "Nouveau désaccord").ok());
  auto open = ListDisputes(db(), DisputeStatus::kOpen, 0, 10);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].invoice_number, "FA-001");
  EXPECT_EQ((*open)[0].customer_name, "Boulangerie Martin SARL");
  auto all = ListDisputes(db(), std::nullopt, 0, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto after = ListDisputes(db(), std::nullopt, (*all)[0].dispute.id, 10);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 1u);
}

TEST_F(ActionStoreTest, NoDisputeOnACancelledInvoiceACreditNoteOrNothing) {
  const Id credit_note = AddInvoice("AV-001", -20000);
  ASSERT_TRUE(db().Exec("UPDATE invoices SET status = 'cancelled' WHERE number = 'FA-001'").ok());
  EXPECT_EQ(OpenDispute(db(), invoice_, today_, "x").status().code(), Code::kConflict);
  EXPECT_EQ(OpenDispute(db(), credit_note, today_, "x").status().code(), Code::kConflict);
  EXPECT_EQ(OpenDispute(db(), credit_note + 100, today_, "x").status().code(), Code::kNotFound);
  EXPECT_EQ(OpenDispute(db(), credit_note, today_, "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(CountRows(db(), "disputes"), 0);
}

TEST_F(ActionStoreTest, ARepSeesOnlyTheirCustomersAndLearnsNothingOfOthers) {
  EXPECT_TRUE(CheckCustomerVisible(db(), customer_, Role::kSalesRep, rep_).ok());
  const Status other = CheckCustomerVisible(db(), customer_, Role::kSalesRep, other_rep_);
  const Status missing = CheckCustomerVisible(db(), customer_ + 100, Role::kSalesRep, other_rep_);
  EXPECT_EQ(other.code(), Code::kNotFound);
  EXPECT_EQ(other.message(), missing.message());
  for (Role role : {Role::kAdmin, Role::kManager, Role::kCollector})
    EXPECT_TRUE(CheckCustomerVisible(db(), customer_, role, other_rep_).ok());
  EXPECT_EQ(CheckCustomerVisible(db(), customer_ + 100, Role::kManager, 0).code(), Code::kNotFound);

  auto own = VisibleInvoiceCustomer(db(), invoice_, Role::kSalesRep, rep_);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(*own, customer_);
  auto other_invoice = VisibleInvoiceCustomer(db(), invoice_, Role::kSalesRep, other_rep_);
  auto missing_invoice = VisibleInvoiceCustomer(db(), invoice_ + 100, Role::kSalesRep, rep_);
  EXPECT_EQ(other_invoice.status().code(), Code::kNotFound);
  EXPECT_EQ(other_invoice.status().message(), missing_invoice.status().message());
  EXPECT_TRUE(VisibleInvoiceCustomer(db(), invoice_, Role::kCollector, 0).ok());
  // A customer without a rep is no rep's.
  ASSERT_TRUE(db().Exec("UPDATE customers SET rep_id = NULL").ok());
  EXPECT_EQ(CheckCustomerVisible(db(), customer_, Role::kSalesRep, rep_).code(), Code::kNotFound);
}

}  // namespace
}  // namespace encaisse
