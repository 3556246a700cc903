#include "server/dunning/staff_digests.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "server/dunning/mime_message.h"
#include "shared/reports/staff_digest.h"

namespace encaisse {
namespace {

struct StaffMember {
  Id id = 0;
  std::string email;
  std::string name;
  std::string role;
};

Result<std::vector<StaffMember>> DigestRecipients(Db& db, Date today) {
  auto st = db.Prepare(
      "SELECT u.id, u.email, u.name, u.role FROM users u WHERE u.disabled = 0 AND u.role IN ('collector', 'sales_rep', "
      "'manager') AND coalesce((SELECT value FROM settings WHERE key = 'digest_sent:' || u.id), '') <> ? ORDER BY "
      "u.id");
  if (!st.ok()) return st.status();
  st->Bind(1, today.ToIso());
  std::vector<StaffMember> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({st->Int(0), std::string(st->Text(1)), std::string(st->Text(2)), std::string(st->Text(3))});
  }
}

Status MarkSent(Db& db, Id user, Date today) {
  auto st = db.Prepare(
      "INSERT INTO settings (key, value) VALUES ('digest_sent:' || ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status();
  return st->Bind(1, user).Bind(2, today.ToIso()).Run();
}

}  // namespace

Result<int> SendStaffDigests(Store& store, ChannelSender& email, Date today) {
  CompanySettings company;
  ENC_ASSIGN_OR_RETURN(company, store.LoadSettings());
  if (!company.staff_digest) return 0;
  std::vector<StaffMember> staff;
  ENC_ASSIGN_OR_RETURN(staff, DigestRecipients(store.db(), today));
  const std::string domain = MessageIdDomain(company.email);
  int sent = 0;
  for (const StaffMember& u : staff) {
    const bool rep = u.role == "sales_rep";
    StaffDigest digest;
    ENC_ASSIGN_OR_RETURN(digest, LoadStaffDigest(store.db(), rep ? u.id : 0, u.role == "manager", today));
    if (DigestIsEmpty(digest)) continue;  // nothing to say: no email
    OutgoingMessage m;
    m.channel = Channel::kEmail;
    m.message_id = "<digest-" + today.ToIso() + "." + std::to_string(u.id) + "@" + domain + ">";
    m.customer.name = u.name;
    m.customer.email = u.email;
    m.company = company;
    m.today = today;
    m.content = ComposeStaffDigest(digest, u.name, company, Locale::kFr);
    Status s = email.Send(m);
    if (!s.ok()) {  // tried again at the next pass
      spdlog::warn("digest to {}: {}", u.email, s.ToString());
      continue;
    }
    ENC_RETURN_IF_ERROR(MarkSent(store.db(), u.id, today));
    ++sent;
  }
  return sent;
}

}  // namespace encaisse
