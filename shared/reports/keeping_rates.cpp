#include "shared/reports/keeping_rates.h"

namespace encaisse {
namespace {

Result<KeepingRate> Count(Db& db, const char* sql, Date from, Date to) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  st->Bind(1, from.ToIso()).Bind(2, to.ToIso());
  auto row = st->Step();
  if (!row.ok()) return row.status();
  KeepingRate r;
  if (*row) {
    r.kept = st->Int(0);
    r.broken = st->Int(1);
  }
  return r;
}

}  // namespace

Result<KeepingRates> ComputeKeepingRates(Db& db, Date from, Date to) {
  if (to < from) return Status::Invalid("the period ends before it starts", "to");
  KeepingRates out;
  out.from = from;
  out.to = to;
  ENC_ASSIGN_OR_RETURN(out.promises,
                       Count(db,
                             "SELECT count(*) FILTER (WHERE status = 'kept'), count(*) FILTER (WHERE status = 'broken') "
                             "FROM promises WHERE promised_date BETWEEN ?1 AND ?2",
                             from, to));
  ENC_ASSIGN_OR_RETURN(out.plans,
                       Count(db,
                             "SELECT count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'broken') "
                             "FROM payment_plans WHERE substr(created, 1, 10) BETWEEN ?1 AND ?2",
                             from, to));
  return out;
}

}  // namespace encaisse
