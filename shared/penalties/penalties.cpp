#include "shared/penalties/penalties.h"

#include <algorithm>
#include <limits>
#include <string>

namespace encaisse {
namespace {

// Simple interest, principal × bps × days / (10 000 × 365): the divisor stays 365 in leap years,
// as French practice (and the "(somme × jours × taux) / (365 × 100)" formula) writes it.
constexpr int64_t kDenominator = 10000LL * 365;

enum class RateSource {
  kFixed,  // the customer's contract rate or the company's rate: one number
  kEcb,    // L441-10 default: ECB refinancing rate + margin, per half-year
  kLegal,  // consumers: the legal rate, per half-year
};

// Principal still open on the days after `c`: the amount less the reductions dated on or before
// `c` (a payment made on day p still bears interest for day p). Never below 0.
int64_t OpenAfter(const PenaltyInput& in, Date c) {
  __int128 open = in.amount_minor;
  for (const PrincipalReduction& r : in.reductions)
    if (r.date <= c) open -= r.amount_minor;
  return open > 0 ? static_cast<int64_t>(open) : 0;
}

// An approved plan freezes day d when from < d <= until (no until: for good).
bool Frozen(std::span<const FreezeWindow> freezes, Date day) {
  for (const FreezeWindow& f : freezes)
    if (f.from < day && (!f.until || day <= *f.until)) return true;
  return false;
}

// A half-year (1 January-30 June or 1 July-31 December), walked forward by day counts: civil
// date conversions are the costly part of the loop, this needs three per invoice.
struct HalfYear {
  Date start;
  int year;
  bool second;

  static HalfYear Containing(Date day) {
    return {day.HalfYearStart(), day.year(), day.month() > 6};
  }
  int32_t Length() const { return second ? 184 : (IsLeapYear(year) ? 182 : 181); }
  Date End() const { return start.AddDays(Length() - 1); }
  void Next() {
    start = start.AddDays(Length());
    if (second) ++year;
    second = !second;
  }
};

// The end of the period that starts after `c`, at most `limit`: days (c, next] share one
// principal and one freeze state.
Date NextSplit(const PenaltyInput& in, Date c, Date limit) {
  Date next = limit;
  auto consider = [&](Date d) {
    if (c < d && d < next) next = d;
  };
  for (const PrincipalReduction& r : in.reductions) consider(r.date);
  for (const FreezeWindow& f : in.freezes) {
    consider(f.from);
    if (f.until) consider(*f.until);
  }
  return next;
}

// The legal rate is published for each half-year (an arrêté in June and December). Until the
// new one is entered in the tables, the last published rate applies rather than stopping every
// statement and reminder: the tables are settings to extend each half-year.
Result<int32_t> LegalRate(const RateTables& rates, Date on) {
  Result<int32_t> rate = RateInForce(rates.legal_professional, on);
  if (!rate.ok())
    return Status::NotFound("no legal interest rate in force on " + on.ToIso() + ": add it to the rate tables");
  return rate;
}

Status ValidateInput(const PenaltyInput& in, const CompanySettings& settings) {
  for (const PrincipalReduction& r : in.reductions)
    if (r.amount_minor < 0)
      return Status::Invalid("the reduction of " + std::to_string(r.amount_minor) + " on " +
                                 r.date.ToIso() + " is negative",
                             "reductions");
  for (const FreezeWindow& f : in.freezes)
    if (f.until && *f.until < f.from)
      return Status::Invalid("the payment plan freeze ends on " + f.until->ToIso() +
                                 ", before it starts on " + f.from.ToIso(),
                             "freezes");
  if (in.contract_rate_bps && *in.contract_rate_bps < 0)
    return Status::Invalid("the contract late rate is negative", "contract_late_rate");
  if (settings.late_rate_bps && *settings.late_rate_bps < 0)
    return Status::Invalid("the company late rate is negative", "late_rate");
  return Status::Ok();
}

// The rate for the days of the half-year that starts on `half_year` (ECB or legal source).
Result<int32_t> RateFor(RateSource source, const CompanySettings& settings,
                        const RateTables& rates, Date half_year) {
  if (source == RateSource::kLegal) {
    // Code civil 1231-6 at the legal rate, whose category follows the creditor, not the debtor:
    // our creditor is a company, so "tous les autres cas" (legal_professional), never
    // legal_individual (creditors who are private persons), even for a consumer debtor.
    return LegalRate(rates, half_year);
  }
  // L441-10: the ECB rate in force on 1 January for the first half-year, on 1 July for the
  // second, plus the margin (10 points by law).
  Result<int32_t> ecb = RateInForce(rates.ecb_refi, half_year);
  if (!ecb.ok())
    return Status::NotFound("no ECB main refinancing rate in force on " + half_year.ToIso() +
                            ": add it to the rate tables");
  const int64_t bps = int64_t{*ecb} + settings.ecb_margin_bps;
  if (bps < 0 || bps > std::numeric_limits<int32_t>::max())
    return Status::Invalid("the ECB rate plus margin is out of range", "ecb_margin");
  return static_cast<int32_t>(bps);
}

Result<Penalties> Compute(const PenaltyInput& in, const CompanySettings& settings,
                          const RateTables& rates, Date today,
                          std::vector<InterestPeriod>* periods) {
  if (periods != nullptr) periods->clear();
  Penalties out;
  if (in.amount_minor <= 0) return out;  // a credit note owes nothing
  ENC_RETURN_IF_ERROR(ValidateInput(in, settings));

  // Late: principal still open after the due date (paid on the due date is on time).
  out.late = today > in.due_date && OpenAfter(in, in.due_date) > 0;
  // L441-10 / D441-5: the fixed recovery fee, once per late invoice, professionals only.
  if (out.late && in.business) out.fee_minor = settings.recovery_fee_minor;

  // Accrual over the days (start, today]. B2B: from the day after the due date, no notice
  // needed (L441-10). Consumers: only from the formal notice (Code civil 1231-6).
  Date start = in.due_date;
  RateSource source = RateSource::kLegal;
  int32_t fixed_bps = 0;
  if (in.business) {
    if (in.contract_rate_bps || settings.late_rate_bps) {
      source = RateSource::kFixed;
      fixed_bps = in.contract_rate_bps ? *in.contract_rate_bps : *settings.late_rate_bps;
    } else {
      source = RateSource::kEcb;
    }
  } else {
    if (!in.formal_notice_date) return out;
    start = std::max(start, *in.formal_notice_date);
  }
  const bool by_half_year = source != RateSource::kFixed;

  // Σ principal × bps × days over all periods, rounded half-up to the cent once per invoice.
  __int128 numerator = 0;
  // The current half-year and its rate, looked up once per half-year.
  HalfYear half{};
  bool half_known = false;
  int32_t bps = fixed_bps;
  bool bps_known = source == RateSource::kFixed;
  for (Date c = start; c < today;) {
    const int64_t principal = OpenAfter(in, c);
    if (principal == 0) break;  // reductions are >= 0: the principal never comes back
    const Date first_day = c.AddDays(1);
    Date limit = today;
    if (by_half_year) {  // periods end on 30 June and 31 December
      if (!half_known) {
        half = HalfYear::Containing(first_day);
        half_known = true;
      } else if (first_day > half.End()) {
        half.Next();
        bps_known = false;
      }
      limit = std::min(limit, half.End());
    }
    const Date next = NextSplit(in, c, limit);
    if (!Frozen(in.freezes, first_day)) {
      if (!bps_known) {  // looked up only for days that accrue
        Result<int32_t> rate = RateFor(source, settings, rates, half.start);
        if (!rate.ok()) return rate.status();
        bps = *rate;
        bps_known = true;
      }
      const int32_t days = next - c;
      numerator += static_cast<__int128>(principal) * bps * days;
      if (periods != nullptr) {
        if (!periods->empty() && periods->back().to == c &&
            periods->back().principal_minor == principal && periods->back().rate_bps == bps) {
          periods->back().to = next;
          periods->back().days += days;
        } else {
          periods->push_back({c, next, days, principal, bps});
        }
      }
    }
    c = next;
  }
  const __int128 interest = (numerator + kDenominator / 2) / kDenominator;
  if (interest > std::numeric_limits<int64_t>::max())
    return Status::Invalid("the late interest overflows", "amount");
  out.interest_minor = static_cast<int64_t>(interest);
  return out;
}

}  // namespace

Result<Penalties> ComputePenalties(const PenaltyInput& in, const CompanySettings& settings,
                                   const RateTables& rates, Date today) {
  return Compute(in, settings, rates, today, nullptr);
}

Result<Penalties> ComputePenaltiesDetailed(const PenaltyInput& in, const CompanySettings& settings,
                                           const RateTables& rates, Date today,
                                           std::vector<InterestPeriod>* periods) {
  return Compute(in, settings, rates, today, periods);
}

Status ValidateContractRate(int32_t bps, const RateTables& rates, Date on) {
  Result<int32_t> legal = LegalRate(rates, on);
  if (!legal.ok()) return legal.status();
  // L441-10: at least three times the legal rate.
  const int64_t floor = 3LL * *legal;
  if (bps < floor)
    return Status::Refused(FormatRateFr(bps) + " est inférieur au minimum légal de " +
                               FormatRateFr(static_cast<int32_t>(floor)) + " (3 × taux légal " +
                               FormatRateFr(*legal) + ")",
                           "contract_late_rate");
  return Status::Ok();
}

}  // namespace encaisse
