// The client app: one object the frame loop calls, holding the local stores, the sync engine
// and what the screens show. Screens are chosen by role: a sales rep gets the dashboard, the
// accounts and the sync; a manager also the plan approvals; collectors (and admins) the
// worklist, the call screen, payments and dispute resolution. Every read comes from the replica
// through the shared queries, so offline and online show the same figures.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client_wasm/frame_budget.h"
#include "client_wasm/http_queue.h"
#include "client_wasm/local_store.h"
#include "client_wasm/sync_engine.h"
#include "shared/dunning/scenario.h"
#include "shared/ledger/statement.h"
#include "shared/reports/portfolio.h"
#include "shared/reports/report_csv.h"
#include "shared/reports/worklist.h"
#include "shared/store/action_store.h"
#include "shared/store/allocation_undo.h"
#include "shared/store/customer_queries.h"
#include "shared/store/plan_store.h"
#include "shared/templates/default_templates.h"

namespace encaisse::client {

enum class Screen { kLogin, kDashboard, kAccounts, kAccount, kPlans, kSync, kWorklist, kTask, kImports, kReports, kTemplates, kOutbox, kCompany, kUsers, kDisputes, kScenarios };

struct AccountRow {
  Id id = 0;
  std::string name, external_id, search;  // search: name + id folded (shared/core/text_fold.h)
  int64_t balance = 0, overdue = 0;
  int32_t days_late = 0;
  bool disputed = false, on_plan = false;
};

enum class AccountSort { kBalance, kDaysLate, kName };

// The open invoices a dispute may still be opened on (screens_account.cpp).
std::vector<const OpenInvoiceView*> UndisputedInvoices(const CustomerDetail& d);

// A form of the account screen.
enum class Form { kNone, kNote, kPromise, kDispute, kPlan, kVisit, kPayment, kResolve, kSettings };

// The part of the call screen's outcome that needs more than one tap.
enum class CallForm { kNone, kPromise, kDispute };

class App {
 public:
  // A start in two steps: Start once /data's small files are loaded (the sign-in, the pending
  // actions, the saved dashboard: the first frame), ReplicaLoaded once the replica is there too
  // (everything else). Until then only the dashboard is drawn and nothing syncs.
  void Start();
  void ReplicaLoaded();
  void Frame();  // builds one frame of UI (between ImGui::NewFrame and ImGui::Render)
  void Work();   // before each frame: a few milliseconds of work spread over frames
  bool ready() const { return ready_; }
  std::string StateJson() const;
  bool english = false;

 private:
  // Data, reloaded from the replica after each sync or action.
  void ReloadAll();
  void ReloadAccounts();
  void ReloadDashboard();  // the portfolio figures and DSO: saved ones, or a scan begun
  void StepDashboard();    // the scan's next few milliseconds; once done, the figures saved
  bool LoadSavedDashboard(const std::string& key);  // the ones saved under `key`, if any
  void ApplyListView();  // filter + sort of rows_ into view_
  void OpenAccount(Id id);
  void ReloadPlans();
  void ReloadWorklist();  // by the worklist and call screens, when worklist_stale_: a scan begun
  void StepWorklist();    // the scan's next few milliseconds; once done, the list replaced
  Date Today() const;
  std::string SyncedWhen() const;  // the last sync, on the tablet's clock: "à 10:30"
  // A date as people write it in the app's language: 04/12/2026, or 2026-12-04 in English.
  // Dates typed in a form are read in either form (Date::Parse).
  std::string DateText(Date d) const;
  std::string IsoDateText(std::string_view iso) const;  // a replica's date column, as DateText
  std::string LocalStamp(const std::string& utc) const;  // "05/12/2026 10:30", the tablet's clock
  bool AtDesk() const { return local_.role == "collector" || local_.role == "admin"; }

  // Actions recorded offline.
  bool Record(MutationKind kind, MutationArgs args, const std::string& summary);
  // Re-reads local_ from the actions database: after anything that writes there (sign-in, an
  // action, a sync's answers), not every frame.
  void RefreshLocal();

  void HandleNetwork();
  void StartSync();
  void SubmitLogin();
  void SignOut();

  // Screens (screens_*.cpp).
  void DrawLogin();
  void DrawShell();  // top bar and navigation around the current screen
  void DrawDashboard();
  void DrawAccounts();
  void DrawAccount();
  void DrawForm();
  void DrawPlans();
  void DrawSync();
  void DrawWorklist();       // screens_worklist.cpp
  void DrawTask();
  void OpenTask(size_t worklist_row);
  void OpenNextTask();       // after an outcome: the next task of the list, or back to it
  bool RecordOutcome(const std::string& outcome);
  std::string CallScript();  // the phone_call template for the open account
  bool HandleTaskScriptReply(const HttpReply& reply);  // the server's script, when online
  void DrawWorklistBulk();   // screens_worklist_bulk.cpp (online)
  void StartBulk(const char* method, const std::string& suffix, const std::string& body, const std::string& done);
  bool HandleBulkReply(const HttpReply& reply);
  nlohmann::json BulkStateJson() const;
  std::vector<std::pair<Id, std::string>> ActiveReps();  // from the replica, by name
  void DrawPaymentForm();    // screens_payment.cpp
  void DrawResolveForm();
  void StartResolve(Id customer_id, Id dispute_id);  // the account, with its resolution form
  void MarkPaid(const Invoice& invoice);  // screens_ledger.cpp (online)
  void ReloadAllocations();  // the open account's payment allocations, from the replica
  void DrawAllocations();
  bool HandleLedgerReply(const HttpReply& reply);
  nlohmann::json LedgerStateJson() const;
  void ReloadDisputes();     // screens_disputes.cpp
  void DrawDisputes();
  void OpenImports();        // screens_imports.cpp (online)
  void DrawImports();
  void SendImport(bool dry_run);
  bool HandleImportReply(const HttpReply& reply);  // false: not an import's reply
  nlohmann::json ImportStateJson() const;
  void ReloadReports();      // screens_reports.cpp
  void DrawReports();
  void Export(const char* name, const std::string& csv);
  nlohmann::json ReportsStateJson() const;
  void OpenTemplates();      // screens_templates.cpp (online, admins)
  void DrawTemplates();
  void SelectTemplate(int row);
  std::string TemplatePath() const;
  MessageTemplate EditedTemplate() const;
  bool HandleTemplateReply(const HttpReply& reply);
  nlohmann::json TemplateStateJson() const;
  void OpenOutbox();         // screens_outbox.cpp (online)
  void DrawOutbox();
  bool HandleOutboxReply(const HttpReply& reply);
  nlohmann::json OutboxStateJson() const;
  void OpenSettingsForm();   // screens_customer_settings.cpp (online)
  void DrawSettingsForm();
  bool HandleSettingsReply(const HttpReply& reply);
  void OpenCompany();        // screens_company.cpp (online, admins)
  void DrawCompany();
  void FillCompanyForm(const nlohmann::json& settings);
  bool HandleCompanyReply(const HttpReply& reply);
  nlohmann::json CompanyStateJson() const;
  void LoadRates();  // screens_rates.cpp (online: the rate tables, drawn under the company's settings)
  void FillRatesForm(const nlohmann::json& answer);
  bool HandleRatesReply(const HttpReply& reply);
  void DrawRates();
  nlohmann::json RatesStateJson() const;
  void LoadChannels();  // screens_channels.cpp (online, admins: drawn under the company's settings)
  void FillChannelsForm(const nlohmann::json& settings);
  bool HandleChannelsReply(const HttpReply& reply);
  void SecretField(const char* label, const char* key, char* buffer, size_t size);
  void DrawChannels();
  nlohmann::json ChannelsStateJson() const;
  void OpenScenarios();      // screens_scenarios.cpp (online, admins)
  void SelectScenario(int row);  // -1: a new scenario
  void DrawScenarios();
  bool HandleScenarioReply(const HttpReply& reply);
  nlohmann::json ScenarioStateJson() const;
  void OpenUsers();          // screens_users.cpp (online, admins)
  void DrawUsers();
  void DrawUserForm();
  void EditUser(int row);    // -1: a new colleague
  bool HandleUsersReply(const HttpReply& reply);
  nlohmann::json UsersStateJson() const;

  const char* T(const char* fr, const char* en) const { return english ? en : fr; }
  std::string Money(int64_t minor) const;
  std::string Count(int64_t n) const;  // "228 132" (fr), "228,132" (en)

  bool ready_ = false;          // the actions database is open
  bool replica_ready_ = false;  // and the replica
  std::string start_error_;
  LocalStore store_;
  // What the screens show of the actions database, read when it changes.
  struct LocalView {
    std::string user_name, user_id, role, server, last_sync, today;
    std::vector<PendingAction> actions;  // every recorded action, oldest first
    int pending = 0;
  } local_;
  HttpQueue http_;
  SyncEngine sync_{store_, http_};
  Screen screen_ = Screen::kLogin;
  bool online_ = true;
  std::string notice_;  // one line under the top bar (saved, rejected, offline...)

  // Login form.
  char server_[256] = "";
  char email_[128] = "";
  char password_[128] = "";
  char device_[64] = "";
  std::string login_error_;
  bool login_busy_ = false;

  // Dashboard.
  std::optional<Portfolio> portfolio_;
  std::optional<double> dso_days_;  // count-back DSO on Today()
  bool dashboard_saved_ = false;    // the figures above came from client_wasm/dashboard_cache.h
  int64_t dashboard_accounts_ = 0;  // the count of accounts the figures were computed over
  // Figures computed again (after a pull that brought anything), over frames: until done, the
  // dashboard keeps the figures it showed, marked as being updated.
  std::optional<PortfolioScan> dashboard_scan_;
  std::string dashboard_scan_key_;
  int64_t dashboard_step_ = 0;  // tests: invoices a step, one step a frame (0: by time)
  std::vector<std::pair<std::string, std::string>> today_list_;  // account name, why

  // Accounts list.
  std::vector<AccountRow> rows_;
  std::vector<int> view_;
  char search_[128] = "";
  AccountSort sort_ = AccountSort::kBalance;
  bool only_overdue_ = false, only_disputed_ = false, only_plan_ = false;
  double last_sort_ms_ = 0;

  // One account.
  std::optional<CustomerDetail> detail_;
  std::optional<CustomerStatement> statement_;  // interest and fee per invoice, total due
  Form form_ = Form::kNone;
  char form_text_[2048] = "";
  char form_date_[16] = "";
  char form_amount_[32] = "";
  int form_count_ = 3;
  int form_invoice_ = 0;  // index into detail_->open_invoices
  std::string form_error_;
  std::string plan_preview_;
  bool plan_refused_ = true;
  std::string plan_preview_key_;  // the form values plan_preview_ was computed for

  // Collectors' desk.
  std::vector<WorklistItem> worklist_;
  bool worklist_stale_ = true;  // the replica changed since worklist_ was built
  // Built again over frames: until done, the screens keep the list they showed.
  std::optional<WorklistScan> worklist_scan_;
  int64_t worklist_step_ = 0;  // tests: rows a step, one step a frame (0: by time)
  uint32_t worklist_signal_ = 0;  // the filter chip: only accounts with this signal
  std::set<Id> worked_tasks_;     // outcomes recorded here and not rejected (from local_.actions)
  size_t task_row_ = 0;           // the call screen's row in worklist_
  CallForm call_form_ = CallForm::kNone;
  char call_note_[1024] = "";
  std::string call_script_;  // composed when the task opens
  // The worklist's selection and its bulk action in flight.
  struct Bulk {
    std::set<Id> selected;  // customers
    std::vector<std::pair<Id, std::string>> reps;  // the assign buttons, read with the worklist
    char pause_until[16] = "";
    int waiting = 0, succeeded = 0, failed = 0;
    std::string done, first_error, message;
  } bulk_;
  // Payment form: by hand, one amount per open invoice (in detail_->open_invoices order).
  bool pay_by_hand_ = false;
  int pay_method_ = 0;
  char pay_reference_[128] = "";
  std::vector<std::array<char, 24>> pay_alloc_;
  // Dispute resolution form.
  Id resolve_dispute_ = 0;
  int resolve_kind_ = 0;
  // The open account's payment allocations (at the desk), and the last answer about its
  // ledger (mark paid, undo an allocation).
  std::vector<AllocationView> allocations_;
  std::string ledger_message_;
  bool ledger_ok_ = false;
  // Disputes screen: open ones, or the resolved ones.
  std::vector<DisputeListItem> disputes_;
  bool disputes_resolved_ = false;

  // Imports: the file picked, the server's dry run of it, the history.
  int import_kind_ = 0;  // invoices, customers, payments
  std::string import_name_, import_bytes_, import_message_;
  nlohmann::json import_preview_ = nlohmann::json::object();
  int import_preview_status_ = 0;  // 200: would import; 400: bad lines
  nlohmann::json import_history_;
  bool import_busy_ = false, import_done_ = false;

  // Reports, computed from the replica when the screen opens after a change.
  struct Reports {
    Currency currency;
    std::optional<CashForecast> forecast;
    std::vector<DsoPoint> dso;
    std::vector<WeekRow> collected;
    std::optional<AgingReport> aging;
    std::vector<AgingPoint> aging_history;  // at each of the last 12 month ends
    std::vector<RepOverdue> by_rep;
    std::optional<KeepingRates> keeping;
    std::string error;  // the first report that could not be computed
  };
  std::optional<Reports> reports_;
  std::string last_export_;

  // Templates: the server's list, the one being edited (buffers ImGui types into).
  nlohmann::json templates_ = nlohmann::json::array();
  int template_row_ = -1;
  std::vector<char> tpl_subject_, tpl_text_, tpl_html_;
  std::string tpl_check_, tpl_message_;
  nlohmann::json tpl_preview_;
  bool tpl_saved_ = false;

  // Outbox and calendar, as the server last answered.
  nlohmann::json outbox_ = nlohmann::json::array();
  nlohmann::json calendar_;
  int outbox_chip_ = 0;      // the status filter
  bool outbox_loaded_ = false;  // outbox_ is the server's answer for that filter
  int calendar_offset_ = 1;  // days after today: tomorrow's run first
  std::string outbox_message_;

  // Customer settings form.
  std::vector<std::pair<Id, std::string>> settings_reps_;  // (0, none) first
  int settings_rep_ = 0, settings_risk_ = 1, settings_terms_ = 30;
  Id settings_scenario_ = 0;
  char settings_pause_[16] = "", settings_insolvency_[16] = "";
  nlohmann::json scenarios_ = nlohmann::json::array();
  std::string settings_message_;
  bool settings_ok_ = false;

  // Company settings form, filled from the server's answer.
  nlohmann::json company_;
  std::map<std::string, std::vector<char>> company_text_;  // by JSON field
  char company_color_[16] = "#1d4e89";  // as typed; the server checks it
  bool company_legal_rate_ = true, company_thank_you_ = true, company_digest_ = true, company_ok_ = false;
  int company_late_rate_ = 1215, company_margin_ = 1000, company_fee_ = 40, company_grace_ = 15, company_link_days_ = 60;
  std::string company_message_;

  // The rate tables as the server last answered, and the rows of the two edited here.
  struct RatesForm {
    struct Row {
      char from[16] = "";
      int bps = 0;
    };
    nlohmann::json shown;
    std::vector<Row> rows[2];  // ECB, legal (professional)
    bool ok = false;
    std::string message;
  } rates_;

  // Channel settings as the server last answered (never a secret); the form, where a typed
  // secret stays only until the server has it.
  struct ChannelsForm {
    nlohmann::json shown;
    char smtp_url[256] = "", smtp_user[128] = "", smtp_from[128] = "", smtp_password[256] = "";
    char sms_url[256] = "", sms_sender[16] = "", sms_api_key[256] = "";
    char stripe_secret_key[256] = "", stripe_webhook_secret[256] = "";
    char test_to[128] = "";
    int gateway = 0;  // the server's, sandbox, stripe
    bool ok = false;
    std::string message;
  } chan_;

  // Scenarios: the server's list, the one being edited.
  struct ScenarioEditor {
    nlohmann::json list = nlohmann::json::array();
    int row = -1;  // in `list`; -1 with editing_new: a new scenario
    bool editing_new = false, ok = false;
    Id saved_id = 0;  // selected again once the list is reloaded
    char name[128] = "";
    std::vector<ScenarioStep> steps;
    std::string check, message;
  } scen_;

  // The team and its devices, as the server last answered; the form of one person.
  struct Staff {
    nlohmann::json users = nlohmann::json::array(), sessions = nlohmann::json::array();
    bool editing = false, ok = false, disabled = false;
    int edit = -1;  // the row of `users`, -1: a new colleague
    int role = 0;
    char email[128] = "", name[128] = "", password[128] = "";
    std::string message;
  } staff_;

  // Manager.
  std::vector<PlanQueueItem> plans_;
  std::set<Id> decided_offline_;
  char comment_[512] = "";

 public:
  // Frame timing for the tests and the benchmark: CPU time of Frame(), last 240 frames.
  std::vector<double> frame_ms;
  int64_t frames = 0;  // frames drawn: tests wait on it after a tap
  int64_t gpu_frames = 0;  // of which sent to the GPU (the others drew the same picture)
  double reload_accounts_ms = 0, reload_portfolio_ms = 0, reload_rest_ms = 0;  // the last ReloadAll
  std::string reloaded_on;  // the day the last ReloadAll computed the figures of
  ScanTiming dashboard_timing, worklist_timing;  // the last scan of each
  bool figures_drawn = false;  // the dashboard has drawn its figures (main.cpp marks the end of that frame)
};

}  // namespace encaisse::client
