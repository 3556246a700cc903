#include "client_wasm/app.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "client_wasm/browser.h"
#include "client_wasm/dashboard_cache.h"
#include "client_wasm/test_hooks.h"
#include "shared/core/json_parse.h"
#include "shared/core/text_fold.h"
#include "shared/dunning/message_compose.h"
#include "shared/store/open_figures.h"

namespace encaisse::client {

using nlohmann::json;

namespace {
constexpr int kTagLogin = 1;
constexpr int kTagLogout = 2;

json TimingJson(const ScanTiming& t) { return {{"ms", t.ms}, {"step_max_ms", t.step_max_ms}, {"frames", t.frames}}; }
}  // namespace

void App::Start() {
  english = PrefersEnglish() || PageParam("lang") == "en";
  // Tests sync a small portfolio in many pages, so that pages asked for ahead are exercised.
  if (TestHooksOn() && !PageParam("pull_page").empty()) sync_.set_page_size(std::atoi(PageParam("pull_page").c_str()));
  // Tests spread the dashboard's scan of a small portfolio over frames, as 100 000 invoices are.
  if (TestHooksOn() && !PageParam("dashboard_step").empty()) dashboard_step_ = std::atoll(PageParam("dashboard_step").c_str());
  if (TestHooksOn() && !PageParam("worklist_step").empty()) worklist_step_ = std::atoll(PageParam("worklist_step").c_str());
  Status opened = store_.Open();
  if (!opened.ok()) {
    start_error_ = opened.ToString();
    return;
  }
  if (store_.Get("device_id").empty()) (void)store_.Set("device_id", NewUuid());
  std::string server = store_.Get("server");
  if (server.empty()) server = PageParam("server");
  if (server.empty()) server = PageOrigin();
  std::strncpy(server_, server.c_str(), sizeof server_ - 1);
  std::strncpy(device_, "Tablette", sizeof device_ - 1);
  ready_ = true;
  RefreshLocal();
  if (!store_.Get("token").empty()) {
    screen_ = Screen::kDashboard;
    LoadSavedDashboard(DashboardKey(store_, Today().ToIso()));  // the first frame, without the replica
  }
}

void App::ReplicaLoaded() {
  if (!ready_) return;
  Status opened = store_.OpenReplica();
  if (!opened.ok()) {
    ready_ = false;
    start_error_ = opened.ToString();
    return;
  }
  replica_ready_ = true;
  if (!store_.Get("token").empty()) {  // signed in, or a sign-in answered while the replica loaded
    ReloadAll();
    StartSync();
  }
}

std::string App::DateText(Date d) const { return FormatDate(d, english ? Locale::kEn : Locale::kFr); }

std::string App::IsoDateText(std::string_view iso) const {
  auto d = Date::ParseIso(iso);
  return d.ok() ? DateText(*d) : std::string(iso);
}

Date App::Today() const {
  // The server's day from the last sync (the figures then match the server's); before any
  // sync, the tablet's calendar.
  auto d = Date::ParseIso(local_.today);
  if (d.ok()) return *d;
  auto local = Date::ParseIso(LocalDateIso());
  return local.ok() ? *local : Date();
}

std::string App::Money(int64_t minor) const {
  return FormatMoney(encaisse::Money{minor, Eur()}, english ? Locale::kEn : Locale::kFr);
}

std::string App::Count(int64_t n) const { return FormatCount(n, english ? Locale::kEn : Locale::kFr); }

void App::ReloadAll() {
  const double t0 = NowMs();
  ReloadAccounts();
  const double t1 = NowMs();
  ReloadDashboard();
  const double t2 = NowMs();
  // The accounts to see today: promises falling due, visits planned, the oldest overdue.
  today_list_.clear();
  const std::string today = Today().ToIso();
  reloaded_on = today;
  auto due = store_.replica().db().Prepare(
      "SELECT c.name, p.promised_date, p.amount_minor FROM promises p JOIN customers c ON c.id = p.customer_id "
      "WHERE p.status = 'pending' AND p.promised_date <= ? ORDER BY p.promised_date LIMIT 10");
  if (due.ok()) {
    due->Bind(1, today);
    while (true) {
      auto row = due->Step();
      if (!row.ok() || !*row) break;
      today_list_.emplace_back(std::string(due->Text(0)),
                               std::string(T("promesse du ", "promise of ")) + IsoDateText(due->Text(1)) + " : " + Money(due->Int(2)));
    }
  }
  auto visits = store_.replica().db().Prepare(
      "SELECT c.name FROM visits v JOIN customers c ON c.id = v.customer_id WHERE v.planned = ? AND v.outcome = '' LIMIT 10");
  if (visits.ok()) {
    visits->Bind(1, today);
    while (true) {
      auto row = visits->Step();
      if (!row.ok() || !*row) break;
      today_list_.emplace_back(std::string(visits->Text(0)), T("visite prévue aujourd'hui", "visit planned today"));
    }
  }
  std::vector<const AccountRow*> oldest;
  for (const auto& r : rows_)
    if (r.overdue > 0) oldest.push_back(&r);
  std::partial_sort(oldest.begin(), oldest.begin() + std::min<size_t>(5, oldest.size()), oldest.end(),
                    [](const AccountRow* a, const AccountRow* b) { return a->days_late > b->days_late; });
  for (size_t i = 0; i < std::min<size_t>(5, oldest.size()); ++i)
    today_list_.emplace_back(oldest[i]->name, std::to_string(oldest[i]->days_late) + T(" jours de retard, ", " days late, ") +
                                                  Money(oldest[i]->overdue) + T(" échus", " overdue"));
  ReloadPlans();
  // The worklist reads every open invoice (40 ms in one piece at 100 000 in the browser):
  // built over frames once its screen is next drawn, not before the first frame.
  worklist_stale_ = true;
  ReloadDisputes();
  reports_.reset();  // computed again when shown
  if (detail_) {  // the open account's figures again, on whatever screen shows them
    const Screen shown = screen_;
    OpenAccount(detail_->customer.id);
    screen_ = shown;
  }
  reload_accounts_ms = t1 - t0;
  reload_portfolio_ms = t2 - t1;
  reload_rest_ms = NowMs() - t2;
}

bool App::LoadSavedDashboard(const std::string& key) {
  // Saved figures when nothing they stand on has changed (client_wasm/dashboard_cache.h).
  auto saved = LoadDashboard(store_, key);
  if (!saved) return false;
  portfolio_ = std::move(saved->portfolio);
  dso_days_ = saved->dso_days;
  dashboard_accounts_ = saved->accounts;
  dashboard_saved_ = true;
  return true;
}

void App::ReloadDashboard() {
  dashboard_scan_.reset();
  const std::string key = DashboardKey(store_, Today().ToIso());
  if (LoadSavedDashboard(key)) return;
  dashboard_saved_ = false;
  // Figures of no account (before the first sync) are not shown while the first real ones are
  // computed: the dashboard says it is computing them instead of showing 0,00 €.
  if (dashboard_accounts_ == 0) portfolio_.reset();
  dashboard_accounts_ = static_cast<int64_t>(rows_.size());
  auto settings = store_.replica().LoadSettings();  // the company's, from the last sync
  auto rates = store_.replica().LoadRates();
  auto scan = rates.ok() && settings.ok() ? PortfolioScan::Begin(store_.replica(), *settings, *rates, Today())
                                          : Result<PortfolioScan>(rates.ok() ? settings.status() : rates.status());
  if (!scan.ok()) {  // no figures rather than wrong ones; not saved: the next start tries again
    portfolio_.reset();
    dso_days_.reset();
    return;
  }
  dashboard_scan_ = std::move(*scan);
  dashboard_scan_key_ = key;
  dashboard_timing = {};
  StepDashboard();  // a small portfolio is done at once
}

void App::StepDashboard() {
  if (!dashboard_scan_) return;
  constexpr int64_t kInvoicesPerStep = 256;
  const double t0 = NowMs();
  const Result<bool> done = StepForAFrame(*dashboard_scan_, kInvoicesPerStep, dashboard_step_);
  if (done.ok() && *done) {
    const auto dso = dashboard_scan_->sales().Dso(Today(), 1);  // summed in the same pass
    dso_days_.reset();
    if (!dso.empty()) dso_days_ = dso.back().dso.days;
    portfolio_ = dashboard_scan_->Finish();
    portfolio_->customers.clear();  // the dashboard shows the totals only
    dashboard_scan_.reset();
    if (SaveDashboard(store_, dashboard_scan_key_, {*portfolio_, dso_days_, dashboard_accounts_}).ok()) PersistData();
  } else if (!done.ok()) {
    dashboard_scan_.reset();
    portfolio_.reset();
    dso_days_.reset();
  }
  dashboard_timing.Add(NowMs() - t0);
}

void App::Work() {
  // One scan at a time: the frame's budget is one scan's.
  if (dashboard_scan_) StepDashboard();
  else StepWorklist();
}

void App::ReloadAccounts() {
  rows_.clear();
  // Every account with its open figures: one pass over the open invoices (the replica holds only
  // this user's customers). By name as a French reader orders them ("Épicerie" among the E, "de
  // Martin" among the D), not by UTF-8 bytes (fold: shared/store/db.h).
  auto figures = OpenFiguresByCustomer(store_.replica().db(), Today());
  auto customers = store_.replica().db().Prepare("SELECT id, name, external_id FROM customers ORDER BY fold(name), id");
  if (figures.ok() && customers.ok()) {
    while (true) {
      auto row = customers->Step();
      if (!row.ok() || !*row) break;
      AccountRow r;
      r.id = customers->Int(0);
      r.name = std::string(customers->Text(1));
      r.external_id = std::string(customers->Text(2));
      r.search = FoldText(r.name + " " + r.external_id);
      if (auto it = figures->find(r.id); it != figures->end()) {
        r.balance = it->second.balance_minor;
        r.overdue = it->second.overdue_minor;
        r.days_late = it->second.max_days_late;
      }
      rows_.push_back(std::move(r));
    }
  } else {
    notice_ = (figures.ok() ? customers.status() : figures.status()).message();
  }
  std::set<Id> disputed, planned;
  auto flags = store_.replica().db().Prepare(
      "SELECT customer_id, 'd' FROM disputes WHERE status = 'open' UNION ALL "
      "SELECT customer_id, 'p' FROM payment_plans WHERE status IN ('active', 'pending')");
  if (flags.ok()) {
    while (true) {
      auto row = flags->Step();
      if (!row.ok() || !*row) break;
      (flags->Text(1) == "d" ? disputed : planned).insert(flags->Int(0));
    }
  }
  for (auto& r : rows_) {
    r.disputed = disputed.count(r.id) > 0;
    r.on_plan = planned.count(r.id) > 0;
  }
  ApplyListView();
}

void App::ApplyListView() {
  const double t0 = NowMs();
  const std::string q = FoldText(search_);
  view_.clear();
  for (size_t i = 0; i < rows_.size(); ++i) {
    const AccountRow& r = rows_[i];
    if (only_overdue_ && r.overdue <= 0) continue;
    if (only_disputed_ && !r.disputed) continue;
    if (only_plan_ && !r.on_plan) continue;
    if (!q.empty() && r.search.find(q) == std::string::npos) continue;
    view_.push_back(static_cast<int>(i));
  }
  auto by = [&](auto key) {
    std::stable_sort(view_.begin(), view_.end(), [&](int a, int b) { return key(rows_[a]) > key(rows_[b]); });
  };
  switch (sort_) {
    case AccountSort::kBalance: by([](const AccountRow& r) { return r.balance; }); break;
    case AccountSort::kDaysLate: by([](const AccountRow& r) { return r.days_late; }); break;
    case AccountSort::kName: break;  // rows_ come by name
  }
  last_sort_ms_ = NowMs() - t0;
}

void App::OpenAccount(Id id) {
  auto d = LoadCustomerDetail(store_.replica(), id, Today(), std::nullopt);
  if (!d.ok()) {
    detail_.reset();
    notice_ = d.status().message();
    return;
  }
  detail_ = std::move(*d);
  plan_preview_key_.clear();  // the account changed: the plan preview is computed again
  // The statement's figures (interest and the recovery fee per invoice), as the server and the
  // portal compute them.
  statement_.reset();
  auto account = store_.replica().LoadAccount(id);
  auto settings = store_.replica().LoadSettings();
  auto rates = store_.replica().LoadRates();
  if (account.ok() && settings.ok() && rates.ok()) {
    auto st = BuildStatement(*account, *settings, *rates, Today());
    if (st.ok()) statement_ = std::move(*st);
  }
  ReloadAllocations();
  screen_ = Screen::kAccount;
}

void App::ReloadPlans() {
  plans_.clear();
  if (local_.role != "manager" && local_.role != "admin") return;
  auto list = ListPlans(store_.replica(), PlanStatus::kPending, Today(), 0, 200);
  if (list.ok()) plans_ = std::move(*list);
  decided_offline_.clear();
  for (const auto& a : local_.actions) {
    if (a.state != "pending" || (a.kind != "approve_plan" && a.kind != "reject_plan")) continue;
    json j = ParseJson(a.json);
    if (!j.is_discarded()) decided_offline_.insert(j["args"].value("plan_id", Id{0}));
  }
}

bool App::Record(MutationKind kind, MutationArgs args, const std::string& summary) {
  Mutation m;
  m.id = NewUuid();
  m.kind = kind;
  m.args = std::move(args);
  m.created_at = UtcTimestamp();
  // The same checks the server makes on the shape; scope and rules are the server's to apply.
  auto checked = ParseMutation(ToJson(m));
  if (!checked.ok()) {
    form_error_ = checked.status().message();
    return false;
  }
  Status s = store_.Record(*checked, summary);
  if (!s.ok()) {
    form_error_ = s.ToString();
    return false;
  }
  PersistData();  // the action survives a closed tab from here on
  RefreshLocal();
  form_error_.clear();
  notice_ = T("Enregistré sur cet appareil, envoyé à la prochaine synchronisation.", "Saved on this device, sent at the next sync.");
  if (online_) StartSync();
  return true;
}

void App::StartSync() {
  if (replica_ready_) sync_.Start();  // else ReplicaLoaded starts it
}

void App::RefreshLocal() {
  local_.user_name = store_.Get("user_name");
  local_.user_id = store_.Get("user_id");
  local_.role = store_.Get("role");
  local_.server = store_.Get("server");
  local_.last_sync = store_.Get("last_sync");
  local_.today = store_.Get("today");
  local_.actions = store_.Actions();
  local_.pending = 0;
  for (const auto& a : local_.actions) local_.pending += a.state == "pending";
  // A call worked here leaves the worklist at once, before the server has it; a rejected
  // outcome puts it back.
  worked_tasks_.clear();
  for (const auto& a : local_.actions) {
    if (a.kind != ToString(MutationKind::kTaskOutcome) || a.state == "rejected") continue;
    auto m = ParseJson(a.json);
    if (m.is_object() && m["args"].is_object() && m["args"]["task_id"].is_number_integer())
      worked_tasks_.insert(m["args"]["task_id"].get<Id>());
  }
}

void App::SubmitLogin() {
  std::string server = server_;
  while (!server.empty() && server.back() == '/') server.pop_back();
  std::strncpy(server_, server.c_str(), sizeof server_ - 1);
  login_busy_ = true;
  login_error_.clear();
  http_.Post(kTagLogin, server + "/api/v1/sessions",
             json{{"email", email_}, {"password", password_}, {"device_name", device_}}.dump(), "");
}

void App::SignOut() {
  http_.Delete(kTagLogout, store_.Get("server") + "/api/v1/sessions/current", store_.Get("token"));
  dashboard_scan_.reset();  // their statements read the replica the wipe replaces
  worklist_scan_.reset();
  (void)store_.Wipe();
  PersistData();
  RefreshLocal();
  worklist_.clear();  // the next user's is built from their own replica
  detail_.reset();
  rows_.clear();
  view_.clear();
  portfolio_.reset();
  plans_.clear();
  screen_ = Screen::kLogin;
}

void App::HandleNetwork() {
  HttpReply reply;
  bool answered = false;
  while (http_.Poll(&reply)) {
    answered = true;
    if (reply.tag == kTagLogin) {
      login_busy_ = false;
      json body = ParseJson(reply.body);
      if (reply.status == 201 && !body.is_discarded()) {
        const json& user = body["user"];
        (void)store_.Set("server", server_);
        (void)store_.Set("token", body.value("token", ""));
        (void)store_.Set("user_id", std::to_string(user.value("id", Id{0})));
        (void)store_.Set("user_name", user.value("name", ""));
        (void)store_.Set("role", user.value("role", ""));
        (void)store_.Set("cursor", "0");
        PersistData();
        std::memset(password_, 0, sizeof password_);
        login_error_.clear();
        screen_ = Screen::kDashboard;
        online_ = true;
        if (replica_ready_) {  // else ReplicaLoaded does this
          ReloadAll();
          StartSync();
        }
      } else if (reply.status == 0) {
        login_error_ = T("Serveur injoignable : vérifiez la connexion et l'adresse.", "Server unreachable: check the network and the address.");
      } else if (!body.is_discarded() && body.contains("error")) {
        login_error_ = body["error"].value("message", "");
        if (reply.status == 401) login_error_ = T("Adresse e-mail ou mot de passe incorrect.", "Wrong email or password.");
      } else {
        login_error_ = "HTTP " + std::to_string(reply.status);
      }
      continue;
    }
    if (reply.tag == kTagLogout) continue;
    if (HandleImportReply(reply) || HandleTemplateReply(reply) || HandleOutboxReply(reply) ||
        HandleSettingsReply(reply) || HandleCompanyReply(reply) || HandleRatesReply(reply) ||
        HandleChannelsReply(reply) || HandleUsersReply(reply) ||
        HandleBulkReply(reply) || HandleLedgerReply(reply) || HandleScenarioReply(reply) ||
        HandleTaskScriptReply(reply))
      continue;
    switch (sync_.Handle(reply)) {
      case SyncEngine::Event::kPulled:
        online_ = true;
        RefreshLocal();  // the server's day the pull brought: the figures are of that day
        ReloadAll();
        break;
      case SyncEngine::Event::kPushed: online_ = true; break;
      case SyncEngine::Event::kOffline: online_ = false; break;
      case SyncEngine::Event::kRevoked:
        screen_ = Screen::kLogin;
        detail_.reset();
        rows_.clear();
        view_.clear();
        dashboard_scan_.reset();
        worklist_scan_.reset();
        worklist_.clear();
        portfolio_.reset();
        plans_.clear();
        login_error_ = T("Cet appareil a été déconnecté : les données locales ont été effacées. Reconnectez-vous.",
                         "This device was signed out: its local data was erased. Sign in again.");
        break;
      case SyncEngine::Event::kFailed: notice_ = sync_.last_error(); break;
      case SyncEngine::Event::kNone: break;
    }
  }
  if (answered) RefreshLocal();  // sign-in, a sync's answers or a wipe wrote the actions database
}

std::string App::StateJson() const {
  json j;
  const char* names[] = {"login", "dashboard", "accounts", "account", "plans", "sync", "worklist", "task", "imports", "reports", "templates", "outbox", "company", "users", "disputes", "scenarios"};
  j["ready"] = ready_ && replica_ready_;  // every screen usable
  j["replica_ready"] = replica_ready_;
  j["frame"] = frames;
  j["gpu_frames"] = gpu_frames;
  j["reload_ms"] = {{"accounts", reload_accounts_ms}, {"portfolio", reload_portfolio_ms}, {"rest", reload_rest_ms}};
  j["reloaded_on"] = reloaded_on;  // the day the screens' figures are of
  j["dashboard_saved"] = dashboard_saved_;  // the last reload's figures were the saved ones
  j["dashboard_updating"] = dashboard_scan_.has_value();
  j["dashboard_scan"] = TimingJson(dashboard_timing);
  // The app's own font (accents, €) rather than ImGui's fallback, which draws € as "?".
  j["euro_glyph"] = ImGui::GetIO().Fonts->Fonts.Size > 0 && ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x20AC);
  j["screen"] = names[static_cast<int>(screen_)];
  j["user"] = local_.user_name;
  j["role"] = local_.role;
  j["online"] = online_;
  j["saving"] = PersistBusy();  // /data on its way to IndexedDB
  j["login_error"] = login_error_;
  j["notice"] = notice_;
  j["form_error"] = form_error_;
  j["sync"] = {{"running", sync_.running()}, {"rows", sync_.rows_this_sync()}, {"expected_rows", sync_.expected_rows()},
               {"first_sync_rows", sync_.first_sync_rows()}, {"pages", sync_.pages_this_sync()},
               {"apply_ms", sync_.apply_ms()}, {"page_ms", sync_.page_ms()}, {"wait_ms", sync_.wait_ms()}, {"last", local_.last_sync}, {"error", sync_.last_error()},
               {"last_shown", local_.last_sync.empty() ? "" : SyncedWhen()}};
  int pending = 0, rejected = 0;
  json rejected_list = json::array(), pending_list = json::array();
  for (const auto& a : local_.actions) {
    if (a.state == "pending") {
      ++pending;
      pending_list.push_back({{"kind", a.kind}, {"created_at", a.created_at}, {"shown_at", LocalStamp(a.created_at)}});
    }
    if (a.state == "rejected") {
      ++rejected;
      rejected_list.push_back({{"kind", a.kind}, {"reason", a.reason}});
    }
  }
  j["pending"] = pending;
  j["rejected"] = rejected;
  j["rejected_actions"] = rejected_list;
  j["pending_actions"] = pending_list;
  j["accounts"] = rows_.size();
  j["accounts_shown"] = view_.size();
  j["sort_ms"] = last_sort_ms_;
  json first = json::array();
  for (size_t i = 0; i < std::min<size_t>(5, view_.size()); ++i) first.push_back(rows_[view_[i]].name);
  j["accounts_first"] = first;
  if (portfolio_)
    j["portfolio"] = {{"open_minor", portfolio_->open_minor}, {"overdue_minor", portfolio_->overdue_minor},
                      {"dso_days", dso_days_ ? *dso_days_ : -1.0}};
  if (detail_) {
    json invoices = json::array();
    for (const auto& i : detail_->open_invoices)
      invoices.push_back({{"id", i.invoice.id}, {"number", i.invoice.number}, {"open_minor", i.invoice.open_minor}, {"days_late", i.days_late},
                          {"disputed", i.disputed}});
    j["account"] = {{"id", detail_->customer.id},
                    {"total_due_minor", statement_ ? statement_->total_due_minor : 0},
                    {"name", detail_->customer.name},
                    {"balance_minor", detail_->summary.balance_minor},
                    {"invoices", invoices},
                    {"promises", detail_->promises.size()},
                    {"disputes", detail_->disputes.size()},
                    {"notes", detail_->notes.size()}};
  }
  json plans = json::array();
  for (const auto& p : plans_)
    plans.push_back({{"id", p.record.plan.id}, {"customer", p.record.customer_name}, {"decided_offline", decided_offline_.count(p.record.plan.id) > 0}});
  j["plans"] = plans;
  json worklist = json::array();
  for (size_t i = 0; i < std::min<size_t>(20, worklist_.size()); ++i) {
    const WorklistItem& w = worklist_[i];
    worklist.push_back({{"customer", w.customer_id}, {"name", w.name}, {"task", w.task_id}, {"signals", w.signals},
                        {"overdue_minor", w.overdue_minor}, {"worked", worked_tasks_.count(w.task_id) > 0}});
  }
  j["worklist"] = worklist;
  j["worklist_size"] = worklist_.size();
  j["worklist_updating"] = worklist_scan_.has_value();
  j["worklist_scan"] = TimingJson(worklist_timing);
  j["bulk"] = BulkStateJson();
  j["ledger"] = LedgerStateJson();
  j["import"] = ImportStateJson();
  j["reports"] = ReportsStateJson();
  j["templates"] = TemplateStateJson();
  j["outbox"] = OutboxStateJson();
  j["settings"] = {{"message", settings_message_}, {"ok", settings_ok_}};
  j["company"] = CompanyStateJson();
  j["rates"] = RatesStateJson();
  j["channels"] = ChannelsStateJson();
  j["staff"] = UsersStateJson();
  j["scenarios"] = ScenarioStateJson();
  json disputes = json::array();
  for (size_t i = 0; i < std::min<size_t>(50, disputes_.size()); ++i)
    disputes.push_back({{"id", disputes_[i].dispute.id}, {"customer", disputes_[i].dispute.customer_id}, {"invoice", disputes_[i].invoice_number},
                        {"status", ToString(disputes_[i].dispute.status)}});
  j["disputes"] = disputes;
  if (screen_ == Screen::kTask && task_row_ < worklist_.size())
    j["task"] = {{"id", worklist_[task_row_].task_id}, {"customer", worklist_[task_row_].customer_id}, {"kind", worklist_[task_row_].task_kind},
                 {"script", call_script_}};
  std::vector<double> sorted = frame_ms;
  std::sort(sorted.begin(), sorted.end());
  j["frame_ms_p95"] = sorted.empty() ? 0.0 : sorted[sorted.size() * 95 / 100];
  j["frame_ms_p50"] = sorted.empty() ? 0.0 : sorted[sorted.size() / 2];
  if (!start_error_.empty()) j["start_error"] = start_error_;
  return j.dump();
}

}  // namespace encaisse::client
