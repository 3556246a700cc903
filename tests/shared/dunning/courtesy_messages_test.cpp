#include "shared/dunning/courtesy_messages.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

Date D(const char* iso) { return *Date::ParseIso(iso); }

TEST(ThankYou, OneEmailListingEveryRecentlyPaidInvoice) {
  const PaidInvoice paid[] = {{1, D("2026-11-23")}, {2, D("2026-11-24")}};
  auto m = DecideThankYou(paid, false, D("2026-11-24"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->channel, Channel::kEmail);
  EXPECT_EQ(m->template_id, "thank_you");
  ASSERT_EQ(m->lines.size(), 2u);
  EXPECT_EQ(m->lines[0].invoice_id, 1);
  EXPECT_EQ(m->lines[1].step, kThankYouStep);
}

TEST(ThankYou, OldPaymentsFuturePaymentsAndInsolventCustomersGetNothing) {
  const PaidInvoice old[] = {{1, D("2026-11-16")}};
  EXPECT_FALSE(DecideThankYou(old, false, D("2026-11-24")).has_value()) << "8 days ago: outside the window";
  const PaidInvoice edge[] = {{1, D("2026-11-17")}};
  EXPECT_TRUE(DecideThankYou(edge, false, D("2026-11-24")).has_value()) << "7 days ago: inside";
  const PaidInvoice future[] = {{1, D("2026-11-25")}};
  EXPECT_FALSE(DecideThankYou(future, false, D("2026-11-24")).has_value());
  const PaidInvoice recent[] = {{1, D("2026-11-24")}};
  EXPECT_FALSE(DecideThankYou(recent, true, D("2026-11-24")).has_value()) << "collective proceedings: no message";
  EXPECT_FALSE(DecideThankYou({}, false, D("2026-11-24")).has_value());
}

}  // namespace
}  // namespace encaisse

namespace encaisse {
namespace {

DueMessage Escalation(std::initializer_list<Id> invoices) {
  DueMessage m;
  m.channel = Channel::kEscalation;
  for (Id id : invoices) m.lines.push_back({id, 7});
  return m;
}

TEST(RepNotice, AnnouncesTheInvoicesThatWillEscalateButNotThoseEscalatingToday) {
  const DueMessage later[] = {Escalation({1, 2})};
  const DueMessage today[] = {Escalation({2})};
  auto n = DecideRepNotice(today, later, {});
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->template_id, "rep_escalation_notice");
  EXPECT_EQ(n->channel, Channel::kEmail);
  ASSERT_EQ(n->lines.size(), 1u);
  EXPECT_EQ(n->lines[0].invoice_id, 1);
  EXPECT_EQ(n->lines[0].step, kRepNoticeStep);
}

TEST(RepNotice, NothingWhenNothingEscalates) {
  DueMessage email;
  email.channel = Channel::kEmail;
  email.lines.push_back({1, 2});
  const DueMessage later[] = {email};
  EXPECT_FALSE(DecideRepNotice({}, later, {}).has_value());
  EXPECT_FALSE(DecideRepNotice({}, {}, {}).has_value());
}

TEST(RepNotice, AnInvoiceIsAnnouncedOnce) {
  const DueMessage later[] = {Escalation({1, 2})};
  const SentStep sent[] = {{1, kRepNoticeStep, 0}};
  auto n = DecideRepNotice({}, later, sent);
  ASSERT_TRUE(n.has_value());
  ASSERT_EQ(n->lines.size(), 1u);
  EXPECT_EQ(n->lines[0].invoice_id, 2);
}

}  // namespace
}  // namespace encaisse
