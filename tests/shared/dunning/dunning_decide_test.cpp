// One test per rule of DecideReminders (see shared/dunning/dunning_decide.h).
#include "shared/dunning/dunning_decide.h"

#include <gtest/gtest.h>

namespace encaisse {
namespace {

Date D(const char* iso) { return *Date::ParseIso(iso); }

const Scenario& Standard() {
  static const Scenario s = DefaultScenarios()[0];
  return s;
}

// Index of the standard scenario's step at `offset` on `channel`.
int StepAt(int offset, Channel channel) {
  for (int i = 0; i < static_cast<int>(Standard().steps.size()); ++i)
    if (Standard().steps[i].day_offset == offset && Standard().steps[i].channel == channel) return i;
  return -1;
}

struct Case {
  std::vector<DunningInvoice> invoices;
  std::vector<SentStep> history;
  std::vector<Promise> promises;
  DunningInput Input() const {
    DunningInput in;
    in.invoices = invoices;
    in.history = history;
    in.promises = promises;
    return in;
  }
};

const DueMessage* Find(const std::vector<DueMessage>& m, Channel c) {
  for (const auto& x : m)
    if (x.channel == c) return &x;
  return nullptr;
}

TEST(DunningDecide, DefaultScenariosAreValid) {
  for (const auto& s : DefaultScenarios()) EXPECT_TRUE(ValidateScenario(s).ok()) << s.name;
  EXPECT_EQ(DefaultScenarioFor(RiskClass::kLow), kGentleScenarioId);
  EXPECT_EQ(DefaultScenarioFor(RiskClass::kHigh), kFirmScenarioId);
}

TEST(DunningDecide, EachStepOnItsDay) {
  struct Row {
    const char* today;
    Channel channel;
    int offset;
  };
  // Due 2026-03-10: J-5 = 03-05, J+1 = 03-11, J+8 = 03-18, J+15 = 03-25, J+30 = 04-09, J+45 = 04-24, J+60 = 05-09.
  const Row rows[] = {{"2026-03-05", Channel::kEmail, -5},       {"2026-03-11", Channel::kEmail, 1},
                      {"2026-03-18", Channel::kEmail, 8},        {"2026-03-18", Channel::kSms, 8},
                      {"2026-03-25", Channel::kPhoneTask, 15},   {"2026-04-09", Channel::kLetter, 30},
                      {"2026-04-24", Channel::kFormalNotice, 45}, {"2026-05-09", Channel::kEscalation, 60}};
  for (const auto& r : rows) {
    Case c{{{1, D("2026-03-10"), 10000}}, {}, {}};
    const auto m = DecideReminders(c.Input(), Standard(), D(r.today));
    const DueMessage* msg = Find(m, r.channel);
    ASSERT_NE(msg, nullptr) << r.today << " " << ToString(r.channel);
    ASSERT_EQ(msg->lines.size(), 1u);
    EXPECT_EQ(msg->lines[0].step, StepAt(r.offset, r.channel)) << r.today;
  }
}

TEST(DunningDecide, NothingBeforeTheFirstStep) {
  Case c{{{1, D("2026-03-10"), 10000}}, {}, {}};
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-04")).empty());
}

TEST(DunningDecide, OneMessagePerChannelListingEveryInvoiceDue) {
  // Two invoices reach J+1 the same day, a third J+8: one email with three lines, one SMS.
  Case c{{{1, D("2026-03-10"), 10000}, {2, D("2026-03-10"), 5000}, {3, D("2026-03-03"), 700}}, {}, {}};
  const auto m = DecideReminders(c.Input(), Standard(), D("2026-03-11"));
  ASSERT_EQ(m.size(), 2u);
  const DueMessage* email = Find(m, Channel::kEmail);
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->lines.size(), 3u);
  EXPECT_EQ(email->step, StepAt(8, Channel::kEmail)) << "the message takes the most advanced step's template";
  EXPECT_EQ(email->template_id, "reminder_2");
  const DueMessage* sms = Find(m, Channel::kSms);
  ASSERT_NE(sms, nullptr);
  ASSERT_EQ(sms->lines.size(), 1u);
  EXPECT_EQ(sms->lines[0].invoice_id, 3);
}

TEST(DunningDecide, AStepIsSentOnlyOnce) {
  Case c{{{1, D("2026-03-10"), 10000}}, {{1, StepAt(1, Channel::kEmail)}}, {}};
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-11")).empty());
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-14")).empty()) << "nothing new until J+8";
}

TEST(DunningDecide, AfterAGapOnlyTheMostAdvancedStepGoesOut) {
  // The run did not run from J-5 to J+20: only the J+15 phone task, not four emails and an SMS.
  Case c{{{1, D("2026-03-10"), 10000}}, {}, {}};
  const auto m = DecideReminders(c.Input(), Standard(), D("2026-03-30"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].channel, Channel::kPhoneTask);
}

TEST(DunningDecide, NeverStepsBack) {
  // The letter (J+30) already went out; the J+15 step that was skipped is never sent later.
  Case c{{{1, D("2026-03-10"), 10000}}, {{1, StepAt(30, Channel::kLetter)}}, {}};
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-04-10")).empty());
}

TEST(DunningDecide, ASameDayStepNotYetSentStillGoesOut) {
  // J+8: the email went out, the SMS failed to be written: the SMS is still due.
  Case c{{{1, D("2026-03-10"), 10000}}, {{1, StepAt(8, Channel::kEmail)}}, {}};
  const auto m = DecideReminders(c.Input(), Standard(), D("2026-03-19"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].channel, Channel::kSms);
}

TEST(DunningDecide, PaidDisputedAndPlannedInvoicesAreLeftAlone) {
  DunningInvoice paid{1, D("2026-03-10"), 0};
  DunningInvoice disputed{2, D("2026-03-10"), 500, true, false};
  DunningInvoice planned{3, D("2026-03-10"), 500, false, true};
  Case c{{paid, disputed, planned}, {}, {}};
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-11")).empty());
}

TEST(DunningDecide, APendingPromiseHoldsRemindersUntilItsDate) {
  Promise p;
  p.promised_date = D("2026-03-20");
  p.status = PromiseStatus::kPending;
  Case c{{{1, D("2026-03-10"), 10000}}, {}, {p}};
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-11")).empty());
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-20")).empty()) << "the promised day itself";
  // The day after a broken promise, the scenario resumes where the invoice stands (J+11: J+8).
  const auto m = DecideReminders(c.Input(), Standard(), D("2026-03-21"));
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].lines[0].step, StepAt(8, Channel::kEmail));
}

TEST(DunningDecide, AKeptPromiseDoesNotHold) {
  Promise p;
  p.promised_date = D("2026-03-20");
  p.status = PromiseStatus::kKept;
  Case c{{{1, D("2026-03-10"), 10000}}, {}, {p}};
  EXPECT_FALSE(DecideReminders(c.Input(), Standard(), D("2026-03-11")).empty());
}

TEST(DunningDecide, InsolvencyAndPauseStopEverything) {
  Case c{{{1, D("2026-03-10"), 10000}}, {}, {}};
  DunningInput in = c.Input();
  in.insolvent = true;
  EXPECT_TRUE(DecideReminders(in, Standard(), D("2026-03-11")).empty());
  in.insolvent = false;
  in.paused_until = D("2026-03-15");
  EXPECT_TRUE(DecideReminders(in, Standard(), D("2026-03-11")).empty());
  EXPECT_FALSE(DecideReminders(in, Standard(), D("2026-03-16")).empty());
}

TEST(DunningDecide, AnInvoicePauseHoldsThatInvoiceUntilItsDateIncluded) {
  // Two invoices reach J+1 on 03-11; the first is paused until 03-15.
  DunningInvoice paused{1, D("2026-03-10"), 10000};
  paused.paused_until = D("2026-03-15");
  Case c{{paused, {2, D("2026-03-10"), 5000}}, {}, {}};
  auto m = DecideReminders(c.Input(), Standard(), D("2026-03-11"));
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].lines.size(), 1u);
  EXPECT_EQ(m[0].lines[0].invoice_id, 2) << "the other invoice is reminded as usual";
  c.invoices.pop_back();
  EXPECT_TRUE(DecideReminders(c.Input(), Standard(), D("2026-03-15")).empty()) << "the pause's last day";
  // The day after, it resumes where it stands (J+6: the J+1 email not sent yet).
  m = DecideReminders(c.Input(), Standard(), D("2026-03-16"));
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].lines.size(), 1u);
  EXPECT_EQ(m[0].lines[0].invoice_id, 1);
  EXPECT_EQ(m[0].lines[0].step, StepAt(1, Channel::kEmail));
}

TEST(DunningDecide, InstallmentNoticesBeforeAndAfterAMiss) {
  const DunningInstallment inst{7, 2, D("2026-04-15"), 30000, 0};
  DunningInput in;
  in.installments = std::span<const DunningInstallment>(&inst, 1);
  EXPECT_TRUE(DecideReminders(in, Standard(), D("2026-04-11")).empty());
  auto m = DecideReminders(in, Standard(), D("2026-04-12"));  // J-3
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].installments.size(), 1u);
  EXPECT_EQ(m[0].installments[0].notice, InstallmentNotice::kUpcoming);
  EXPECT_EQ(m[0].template_id, "installment_upcoming");
  EXPECT_FALSE(DecideReminders(in, Standard(), D("2026-04-15")).empty()) << "on the due date, if the J-3 notice was missed";
  const SentInstallmentNotice sent{7, 2, InstallmentNotice::kUpcoming};
  in.installment_history = std::span<const SentInstallmentNotice>(&sent, 1);
  EXPECT_TRUE(DecideReminders(in, Standard(), D("2026-04-14")).empty()) << "sent once";
  m = DecideReminders(in, Standard(), D("2026-04-16"));  // the day after, unpaid
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].installments[0].notice, InstallmentNotice::kMissed);
  EXPECT_EQ(m[0].template_id, "installment_missed");
  DunningInstallment paid = inst;
  paid.paid_minor = 30000;
  in.installments = std::span<const DunningInstallment>(&paid, 1);
  EXPECT_TRUE(DecideReminders(in, Standard(), D("2026-04-16")).empty()) << "a paid installment gets nothing";
}

TEST(DunningDecide, ScenarioValidationNamesTheStep) {
  Scenario s{9, "Test", {{5, Channel::kEmail, "a"}, {1, Channel::kEmail, "b"}}};
  Status st = ValidateScenario(s);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "steps[1].day_offset");
  s.steps = {{1, Channel::kEmail, "a"}, {1, Channel::kEmail, "b"}};
  EXPECT_FALSE(ValidateScenario(s).ok());
  s.steps = {{1, Channel::kEmail, ""}};
  EXPECT_EQ(ValidateScenario(s).field(), "steps[0].template");
}

}  // namespace
}  // namespace encaisse
