// The account queries: opaque keyset cursors, the sales rep scope (applied in SQL, and the same
// NotFound for a customer out of scope as for one that does not exist), the customer list's
// filters, sorts and pagination, the invoice worklist, payments (FIFO skips disputed
// invoices; nothing written on a refusal) and credit notes that keep the ledger consistent.
#include "shared/store/customer_queries.h"
#include "shared/store/open_figures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "tests/shared/test_support.h"

namespace encaisse {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// ---- cursors --------------------------------------------------------------------------------

TEST(PageCursorTest, RoundTripsAnyKey) {
  const std::vector<PageCursor> cursors = {
      {"name", "Boulangerie Martin SARL", 42},
      {"-name", "Établissements Lefèvre & Fils | \"quoted\"\nsecond line", 7},
      {"-overdue", "-123456789", 9007199254740993},
      {"balance", "", 1},
      {"due_date", "2026-11-24", 123456},
  };
  for (const auto& c : cursors) {
    SCOPED_TRACE(c.key);
    const std::string text = EncodeCursor(c);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos)
        << "a cursor travels in a URL untouched: " << text;
    auto back = DecodeCursor(text);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, c);
  }
  // Different positions give different cursors.
  EXPECT_NE(EncodeCursor({"name", "A", 1}), EncodeCursor({"name", "A", 2}));
  EXPECT_NE(EncodeCursor({"name", "A", 1}), EncodeCursor({"-name", "A", 1}));
}

TEST(PageCursorTest, RefusesWhatItDidNotWrite) {
  const std::string good = EncodeCursor({"name", "Martin", 12});
  const std::vector<std::string> bad = {
      "",
      "not a cursor",
      "!!!!",
      good + "=",                        // padding is never written
      good.substr(0, good.size() - 1) + "*",
      "YQ",                              // "a": no fields
      EncodeCursor({"name", "x", 1}).substr(0, 5),
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text);
    auto c = DecodeCursor(text);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(c.status().field(), "cursor");
  }
  // A cursor of another version, or with a non-positive or non-numeric id.
  auto forged = [](const std::string& raw) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char ch : raw) {
      acc = (acc << 8) | ch;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += k[(acc >> bits) & 0x3F];
      }
    }
    if (bits > 0) out += k[(acc << (6 - bits)) & 0x3F];
    return out;
  };
  EXPECT_TRUE(DecodeCursor(forged("c1\nname\n12\nMartin")).ok()) << "the forger writes the format right";
  EXPECT_FALSE(DecodeCursor(forged("c0\nname\n12\nMartin")).ok());
  EXPECT_FALSE(DecodeCursor(forged("c1\nname\n0\nMartin")).ok());
  EXPECT_FALSE(DecodeCursor(forged("c1\nname\n-4\nMartin")).ok());
  EXPECT_FALSE(DecodeCursor(forged("c1\nname\n12x\nMartin")).ok());
  EXPECT_FALSE(DecodeCursor(forged("c1\n\n12\nMartin")).ok());
  EXPECT_FALSE(DecodeCursor(forged("c1\nname\n12")).ok());
}

TEST(CustomerSortTest, ParsesEverySortAndRefusesOthers) {
  for (const char* s : {"name", "-name", "balance", "-balance", "overdue", "-overdue", "external_id"}) {
    auto sort = ParseCustomerSort(s);
    ASSERT_TRUE(sort.ok()) << s;
    EXPECT_EQ(ToString(*sort), s);
  }
  EXPECT_EQ(ParseCustomerSort("").value(), CustomerSort::kName);
  auto bad = ParseCustomerSort("-external_id");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "sort");
}

// ---- queries over a small exact database ------------------------------------------------------

class CustomerQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(path_.path(), TestOpenOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    rep_a_ = AddUser("a@example.test", "Anne Rep", Role::kSalesRep);
    rep_b_ = AddUser("b@example.test", "Bruno Rep", Role::kSalesRep);
    collector_ = AddUser("c@example.test", "Claire Coll", Role::kCollector);
    // Rep A: 7 customers, rep B: 5, nobody: 1. Names with ties and case differences.
    const char* names_a[] = {"Martin SARL", "martin frères", "Atelier Dubois", "Zinc & Co", "Martin SARL",
                             "Boulangerie 100% Bio", "Garage_Central"};
    for (int i = 0; i < 7; ++i) a_.push_back(AddCustomer("A" + std::to_string(i), names_a[i], rep_a_, i % 3 == 0 ? RiskClass::kHigh : RiskClass::kLow));
    for (int i = 0; i < 5; ++i) b_.push_back(AddCustomer("B" + std::to_string(i), "Client B" + std::to_string(i), rep_b_, RiskClass::kMedium));
    nobody_ = AddCustomer("N0", "Sans Commercial", 0, RiskClass::kMedium);
    // Invoices: overdue amounts that differ, so that the overdue order is exact.
    for (size_t i = 0; i < a_.size(); ++i) {
      AddInvoice(a_[i], "FA-1", "2026-01-01", "2026-02-01", 10000 * static_cast<int64_t>(i + 1));  // overdue
      AddInvoice(a_[i], "FA-2", "2026-03-01", "2026-04-30", 500);                                    // not due
    }
    for (size_t i = 0; i < b_.size(); ++i) AddInvoice(b_[i], "FB-1", "2026-01-01", "2026-02-15", 3000);
  }

  Store& store() { return *store_; }
  Db& db() { return store_->db(); }

  Id AddUser(const std::string& email, const std::string& name, Role role) {
    auto id = store_->AddUser({0, email, name, role, false});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Id AddCustomer(const std::string& ext, const std::string& name, Id rep, RiskClass risk) {
    Customer c;
    c.external_id = ext;
    c.name = name;
    c.email = "compta@" + ext + ".example";
    c.rep_id = rep;
    c.risk = risk;
    auto id = store_->AddCustomer(c);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Id AddInvoice(Id customer, const std::string& number, const char* issue, const char* due, int64_t amount) {
    Invoice i;
    i.customer_id = customer;
    i.number = number;
    i.issue_date = D(issue);
    i.due_date = D(due);
    i.amount_minor = amount;
    auto id = store_->AddInvoice(i);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // Every page of a list, following next_cursor.
  std::vector<CustomerListItem> WalkCustomers(CustomerFilter f, std::optional<Id> scope, int* pages = nullptr) {
    std::vector<CustomerListItem> all;
    int n = 0;
    for (;;) {
      auto page = ListCustomers(db(), f, today_, scope);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok() || ++n > 100) break;
      EXPECT_LE(static_cast<int>(page->items.size()), f.limit);
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (!page->next_cursor) break;
      f.cursor = *page->next_cursor;
    }
    if (pages) *pages = n;
    return all;
  }

  std::string Snapshot() {
    return std::to_string(CountRows(db(), "payments")) + "/" + std::to_string(CountRows(db(), "allocations")) + "/" +
           std::to_string(CountRows(db(), "invoices")) + "/" + std::to_string(CountRows(db(), "notes")) + "/" +
           QueryText(db(), "SELECT group_concat(id || ':' || open_minor || ':' || status, ',') FROM "
                           "(SELECT * FROM invoices ORDER BY id)");
  }

  ScopedDbPath path_{"customer_queries"};
  std::optional<Store> store_;
  const Date today_ = D("2026-03-31");
  Id rep_a_ = 0, rep_b_ = 0, collector_ = 0, nobody_ = 0;
  std::vector<Id> a_, b_;
};

TEST_F(CustomerQueriesTest, ARepSeesOnlyTheirCustomersOnEveryPage) {
  CustomerFilter f;
  f.limit = 2;
  int pages = 0;
  auto mine = WalkCustomers(f, rep_a_, &pages);
  EXPECT_EQ(mine.size(), a_.size());
  EXPECT_EQ(pages, 4);  // 2 + 2 + 2 + 1
  for (const auto& item : mine) {
    EXPECT_EQ(item.customer.rep_id, rep_a_) << item.customer.name;
    EXPECT_EQ(item.rep_name, "Anne Rep");
  }
  // Asking for another rep's customers through the filter does not widen the scope.
  f.rep_id = rep_b_;
  EXPECT_TRUE(WalkCustomers(f, rep_a_).empty());
  // Without a scope (manager, collector), everybody, and the rep filter works.
  EXPECT_EQ(WalkCustomers(CustomerFilter{}, std::nullopt).size(), a_.size() + b_.size() + 1);
  EXPECT_EQ(WalkCustomers(f, std::nullopt).size(), b_.size());
}

TEST_F(CustomerQueriesTest, OutOfScopeIsTheSameNotFoundAsMissing) {
  auto other = FindCustomer(store(), b_[0], rep_a_);
  auto missing = FindCustomer(store(), 987654, rep_a_);
  ASSERT_FALSE(other.ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(other.status().code(), Code::kNotFound);
  EXPECT_EQ(other.status().message(), missing.status().message());
  EXPECT_TRUE(FindCustomer(store(), a_[0], rep_a_).ok());
  EXPECT_TRUE(FindCustomer(store(), b_[0], std::nullopt).ok());
  // Nobody's customer is no rep's.
  EXPECT_FALSE(FindCustomer(store(), nobody_, rep_a_).ok());

  auto detail = LoadCustomerDetail(store(), b_[1], today_, rep_a_);
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.status().message(), missing.status().message());

  const Id b_invoice = db().QueryInt("SELECT min(id) FROM invoices WHERE customer_id = " + std::to_string(b_[0])).value();
  auto inv_other = FindInvoice(store(), b_invoice, rep_a_);
  auto inv_missing = FindInvoice(store(), 987654, rep_a_);
  ASSERT_FALSE(inv_other.ok());
  ASSERT_FALSE(inv_missing.ok());
  EXPECT_EQ(inv_other.status().message(), inv_missing.status().message());
  EXPECT_TRUE(FindInvoice(store(), b_invoice, rep_b_).ok());
  EXPECT_FALSE(LoadInvoiceDetail(store(), b_invoice, today_, rep_a_).ok());
}

TEST_F(CustomerQueriesTest, PagesOfEverySortHaveNoDuplicateNorGap) {
  for (const char* s : {"name", "-name", "balance", "-balance", "overdue", "-overdue", "external_id"}) {
    SCOPED_TRACE(s);
    CustomerFilter f;
    f.sort = ParseCustomerSort(s).value();
    f.limit = 3;
    auto all = WalkCustomers(f, std::nullopt);
    std::set<Id> ids;
    for (const auto& item : all) ids.insert(item.customer.id);
    EXPECT_EQ(ids.size(), all.size()) << "a customer appeared twice";
    EXPECT_EQ(all.size(), a_.size() + b_.size() + 1);
    // Each page's order continues the previous one.
    for (size_t i = 1; i < all.size(); ++i) {
      const auto& x = all[i - 1];
      const auto& y = all[i];
      switch (f.sort) {
        case CustomerSort::kName: EXPECT_LE(std::tie(x.customer.name, x.customer.id), std::tie(y.customer.name, y.customer.id)); break;
        case CustomerSort::kNameDesc: EXPECT_GE(std::tie(x.customer.name, x.customer.id), std::tie(y.customer.name, y.customer.id)); break;
        case CustomerSort::kBalance: EXPECT_LE(std::tie(x.balance_minor, x.customer.id), std::tie(y.balance_minor, y.customer.id)); break;
        case CustomerSort::kBalanceDesc: EXPECT_GE(std::tie(x.balance_minor, x.customer.id), std::tie(y.balance_minor, y.customer.id)); break;
        case CustomerSort::kOverdue: EXPECT_LE(std::tie(x.overdue_minor, x.customer.id), std::tie(y.overdue_minor, y.customer.id)); break;
        case CustomerSort::kOverdueDesc: EXPECT_GE(std::tie(x.overdue_minor, x.customer.id), std::tie(y.overdue_minor, y.customer.id)); break;
        case CustomerSort::kExternalId: EXPECT_LT(x.customer.external_id, y.customer.external_id); break;
      }
    }
  }
  // The biggest overdue first: rep A's last customer owes 7 x 10 000 overdue.
  CustomerFilter f;
  f.sort = CustomerSort::kOverdueDesc;
  f.limit = 1;
  auto first = ListCustomers(db(), f, today_, std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].customer.id, a_[6]);
  EXPECT_EQ(first->items[0].overdue_minor, 70000);
  EXPECT_EQ(first->items[0].balance_minor, 70500);
  EXPECT_EQ(first->items[0].open_invoices, 2);
  EXPECT_EQ(first->items[0].max_days_late, 58);  // 2026-02-01 .. 2026-03-31
}

TEST_F(CustomerQueriesTest, ACursorOfAnotherSortIsRefused) {
  CustomerFilter f;
  f.limit = 2;
  auto page = ListCustomers(db(), f, today_, std::nullopt);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page->next_cursor);
  f.cursor = *page->next_cursor;
  f.sort = CustomerSort::kBalance;
  auto other = ListCustomers(db(), f, today_, std::nullopt);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().field(), "cursor");
  f.limit = 0;
  EXPECT_EQ(ListCustomers(db(), f, today_, std::nullopt).status().field(), "limit");
}

TEST_F(CustomerQueriesTest, FiltersSearchRiskAndOverdue) {
  CustomerFilter f;
  f.q = "MARTIN";  // ignores case
  auto found = WalkCustomers(f, std::nullopt);
  EXPECT_EQ(found.size(), 3u);
  f.q = "100%";  // LIKE wildcards are literal
  found = WalkCustomers(f, std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].customer.name, "Boulangerie 100% Bio");
  f.q = "e_c";  // '_' is literal: matches "Garage_Central", not "Client B"
  found = WalkCustomers(f, std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].customer.name, "Garage_Central");
  f.q = "b3";  // external id
  found = WalkCustomers(f, std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].customer.id, b_[3]);
  f.q = "@a2.example";  // email
  EXPECT_EQ(WalkCustomers(f, std::nullopt).size(), 1u);
  EXPECT_TRUE(WalkCustomers(f, rep_b_).empty()) << "search stays within the scope";

  CustomerFilter risk;
  risk.risk = RiskClass::kHigh;
  auto high = WalkCustomers(risk, std::nullopt);
  EXPECT_EQ(high.size(), 3u);  // a_[0], a_[3], a_[6]
  for (const auto& item : high) EXPECT_EQ(item.customer.risk, RiskClass::kHigh);

  CustomerFilter overdue;
  overdue.overdue_only = true;
  EXPECT_EQ(WalkCustomers(overdue, std::nullopt).size(), a_.size() + b_.size());  // not "Sans Commercial"
  // On 2026-02-10 only rep A's invoices (due 1 February) are late.
  auto early = ListCustomers(db(), overdue, D("2026-02-10"), std::nullopt);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->items.size(), a_.size());
}

TEST_F(CustomerQueriesTest, InvoiceWorklistByDueDateInScope) {
  InvoiceFilter f;
  f.limit = 4;
  std::vector<InvoiceListItem> all;
  for (int guard = 0; guard < 50; ++guard) {
    auto page = ListInvoices(db(), f, today_, rep_a_);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    all.insert(all.end(), page->items.begin(), page->items.end());
    if (!page->next_cursor) break;
    f.cursor = *page->next_cursor;
  }
  EXPECT_EQ(all.size(), a_.size() * 2);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_NE(std::find(a_.begin(), a_.end(), all[i].invoice.customer_id), a_.end());
    if (i > 0) {
      EXPECT_LT(std::make_pair(all[i - 1].invoice.due_date, all[i - 1].invoice.id),
                std::make_pair(all[i].invoice.due_date, all[i].invoice.id));
    }
  }
  InvoiceFilter overdue;
  overdue.overdue_only = true;
  auto late = ListInvoices(db(), overdue, today_, std::nullopt);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->items.size(), a_.size() + b_.size());
  for (const auto& item : late->items) EXPECT_GT(item.days_late, 0);
  InvoiceFilter soon;
  soon.due_in_days = 30;  // due between 31 March and 30 April
  auto due = ListInvoices(db(), soon, today_, rep_b_);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->items.empty());
  due = ListInvoices(db(), soon, today_, rep_a_);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->items.size(), a_.size());
}

TEST_F(CustomerQueriesTest, FifoSkipsDisputedInvoicesAndRefusalsWriteNothing) {
  const Id c = a_[1];
  const Id old_inv = AddInvoice(c, "FA-0", "2025-12-01", "2026-01-01", 4000);  // oldest
  ASSERT_TRUE(db().Exec("INSERT INTO disputes (invoice_id, customer_id, opened, reason, status) VALUES (" +
                        std::to_string(old_inv) + ", " + std::to_string(c) + ", '2026-01-05', 'Livraison incomplète', 'open')")
                  .ok());
  Payment p;
  p.customer_id = c;
  p.date = today_;
  p.amount_minor = 20500;
  p.method = "transfer";
  auto out = RecordCustomerPayment(store(), p, std::nullopt);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // FA-1 (20 000, due 1 Feb) then FA-2 (500): the disputed FA-0 is left alone.
  ASSERT_EQ(out->plan.allocations.size(), 2u);
  EXPECT_EQ(out->plan.unallocated_minor, 0);
  EXPECT_EQ(store().GetInvoice(old_inv)->open_minor, 4000);
  for (const auto& a : out->plan.allocations) {
    EXPECT_EQ(a.payment_id, out->payment_id);
    EXPECT_EQ(store().GetInvoice(a.invoice_id)->status, InvoiceStatus::kPaid);
  }

  const std::string before = Snapshot();
  p.amount_minor = 5000;
  auto too_much = RecordCustomerPayment(store(), p, std::vector<AllocationRequest>{{old_inv, 4001}});
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.status().code(), Code::kInvalidArgument);
  const Id b_invoice = db().QueryInt("SELECT min(id) FROM invoices WHERE customer_id = " + std::to_string(b_[0])).value();
  auto elsewhere = RecordCustomerPayment(store(), p, std::vector<AllocationRequest>{{b_invoice, 100}});
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.status().field(), "allocations[0].invoice_id");
  p.customer_id = 987654;
  auto nobody = RecordCustomerPayment(store(), p, std::nullopt);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.status().code(), Code::kNotFound);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(CustomerQueriesTest, ACreditNoteSettlesItsInvoiceAndKeepsTheLedger) {
  const Id inv = db().QueryInt("SELECT id FROM invoices WHERE customer_id = " + std::to_string(a_[2]) + " AND number = 'FA-1'").value();
  auto cn = AddCreditNote(store(), inv, 12000, "AV-1", "Remise commerciale", collector_, today_);
  ASSERT_TRUE(cn.ok()) << cn.status().ToString();
  EXPECT_EQ(store().GetInvoice(inv)->open_minor, 18000);
  auto note = store().GetInvoice(*cn);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->amount_minor, -12000);
  EXPECT_EQ(note->customer_id, a_[2]);
  EXPECT_TRUE(store().VerifyLedger().ok()) << store().VerifyLedger().ToString();
  // The account reads it as applied: no credit left, the invoice lower.
  auto detail = LoadCustomerDetail(store(), a_[2], today_, std::nullopt);
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  EXPECT_EQ(detail->summary.credit_minor, 0);
  EXPECT_EQ(detail->summary.open_minor, 18500);
  EXPECT_TRUE(std::any_of(detail->timeline.begin(), detail->timeline.end(),
                          [](const TimelineEntry& e) { return e.kind == "credit_note" && e.amount_minor == 12000; }));
  EXPECT_TRUE(std::any_of(detail->notes.begin(), detail->notes.end(),
                          [](const NoteView& n) { return n.note.text.find("Remise commerciale") != std::string::npos; }));

  const std::string before = Snapshot();
  EXPECT_EQ(AddCreditNote(store(), inv, 18001, "AV-2", "Trop", collector_, today_).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(AddCreditNote(store(), inv, 100, "AV-1", "Même numéro", collector_, today_).status().code(), Code::kConflict);
  EXPECT_EQ(AddCreditNote(store(), *cn, 100, "AV-3", "Sur un avoir", collector_, today_).status().code(), Code::kConflict);
  EXPECT_EQ(Snapshot(), before);
  ASSERT_TRUE(AddCreditNote(store(), inv, 18000, "AV-2", "Solde", collector_, today_).ok());
  EXPECT_EQ(store().GetInvoice(inv)->status, InvoiceStatus::kPaid);
  EXPECT_TRUE(store().VerifyLedger().ok());
}

TEST_F(CustomerQueriesTest, UpdateChecksEveryField) {
  const Id c = a_[0];
  CustomerUpdate u;
  u.rep_id = std::optional<Id>(collector_);
  EXPECT_EQ(UpdateCustomer(store(), c, u, today_).field(), "rep_id");
  u = {};
  u.payment_terms_days = 366;
  EXPECT_EQ(UpdateCustomer(store(), c, u, today_).field(), "payment_terms_days");
  u = {};
  u.contract_late_rate_bps = std::optional<int32_t>(500);  // below 3 x 2,62 % (first half of 2026)
  Status low = UpdateCustomer(store(), c, u, today_);
  EXPECT_EQ(low.code(), Code::kRefused);
  EXPECT_EQ(low.field(), "contract_late_rate_bps");
  EXPECT_NE(low.message().find("minimum légal"), std::string::npos) << low.message();
  EXPECT_EQ(UpdateCustomer(store(), c, CustomerUpdate{}, today_).code(), Code::kInvalidArgument);
  EXPECT_EQ(UpdateCustomer(store(), 987654, CustomerUpdate{.risk = RiskClass::kLow}, today_).code(), Code::kNotFound);

  u = {};
  u.rep_id = std::optional<Id>(rep_b_);
  u.risk = RiskClass::kLow;
  u.payment_terms_days = 60;
  u.contract_late_rate_bps = std::optional<int32_t>(1200);
  u.reminders_paused_until = std::optional<Date>(D("2026-04-15"));
  u.email = "nouvelle@adresse.fr";
  ASSERT_TRUE(UpdateCustomer(store(), c, u, today_).ok());
  auto got = store().GetCustomer(c).value();
  EXPECT_EQ(got.rep_id, rep_b_);
  EXPECT_EQ(got.risk, RiskClass::kLow);
  EXPECT_EQ(got.payment_terms_days, 60);
  EXPECT_EQ(got.contract_late_rate_bps, 1200);
  EXPECT_EQ(got.email, "nouvelle@adresse.fr");
  EXPECT_EQ(QueryText(db(), "SELECT reminders_paused_until FROM customers WHERE id = " + std::to_string(c)), "2026-04-15");
  // Back to null.
  u = {};
  u.rep_id = std::optional<Id>();
  u.contract_late_rate_bps = std::optional<int32_t>();
  ASSERT_TRUE(UpdateCustomer(store(), c, u, today_).ok());
  got = store().GetCustomer(c).value();
  EXPECT_EQ(got.rep_id, 0);
  EXPECT_FALSE(got.contract_late_rate_bps.has_value());
}

TEST_F(CustomerQueriesTest, OpenFiguresByCustomerAgreeWithTheListsFigures) {
  // A partly paid invoice and a settled one count as the list counts them.
  const Id paid = AddInvoice(b_[0], "FB-2", "2026-01-01", "2026-01-10", 700);
  ASSERT_TRUE(db().Exec("UPDATE invoices SET open_minor = 0, status = 'paid' WHERE id = " + std::to_string(paid)).ok());
  ASSERT_TRUE(db().Exec("UPDATE invoices SET open_minor = 1000 WHERE customer_id = " + std::to_string(b_[1])).ok());
  auto figures = OpenFiguresByCustomer(db(), today_);
  ASSERT_TRUE(figures.ok()) << figures.status().ToString();
  CustomerFilter f;
  f.limit = kMaxPageSize;
  int with_figures = 0;
  for (const auto& item : WalkCustomers(f, std::nullopt)) {
    SCOPED_TRACE(item.customer.name);
    auto it = figures->find(item.customer.id);
    const OpenFigures got = it == figures->end() ? OpenFigures{} : it->second;
    EXPECT_EQ(got.balance_minor, item.balance_minor);
    EXPECT_EQ(got.overdue_minor, item.overdue_minor);
    EXPECT_EQ(got.max_days_late, item.max_days_late);
    EXPECT_EQ(got.open_invoices, item.open_invoices);
    with_figures += it != figures->end();
  }
  EXPECT_EQ(with_figures, static_cast<int>(a_.size() + b_.size()));  // not the customer without invoices
  EXPECT_EQ(figures->at(a_[6]).max_days_late, 58);
  EXPECT_EQ(figures->at(b_[1]).balance_minor, 1000);
}

}  // namespace
}  // namespace encaisse
