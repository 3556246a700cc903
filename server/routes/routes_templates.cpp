// Scenarios and templates of the reminders: the scenarios in force (collector, manager, admin),
// creating and editing them (admin); the templates, shipped and custom, read, saved and reset to
// the shipped text (admin); and the preview of a message for a customer (collector, manager,
// admin), composed as the outbox worker composes it but with a placeholder link: no token is
// minted, nothing is written.
//
// A scenario or template the run could not follow is refused when it is saved (422 naming the
// step or the part and line), not discovered when a reminder fails to go out.
#include <algorithm>
#include <optional>

#include "server/dunning/account_message.h"
#include "server/dunning/portal_links.h"
#include "server/http/json_io.h"
#include "server/routes/route_params.h"
#include "server/routes/routes.h"
#include "shared/messaging/sms.h"
#include "shared/store/customer_scope.h"
#include "shared/store/scenario_store.h"
#include "shared/store/template_store.h"

namespace encaisse {
namespace {

// Stands where the debtor's personal link goes: visibly not a token.
constexpr const char kPreviewLinkToken[] = "APERCU-LIEN-PERSONNEL";

Access Admins() { return Access::Roles({Role::kAdmin}); }
Access Readers() { return Access::Roles({Role::kCollector, Role::kManager, Role::kAdmin}); }

// ---- Scenarios ------------------------------------------------------------------------------

json ScenarioJson(const ScenarioEntry& e) {
  json steps = json::array();
  for (const auto& s : e.scenario.steps)
    steps.push_back({{"day_offset", s.day_offset},
                     {"channel", ToString(s.channel)},
                     {"template", s.template_id},
                     {"attach_statement", s.attach_statement},
                     {"include_penalties", s.include_penalties}});
  json default_for = nullptr;
  for (RiskClass r : {RiskClass::kLow, RiskClass::kMedium, RiskClass::kHigh})
    if (DefaultScenarioFor(r) == e.scenario.id) default_for = ToString(r);
  return {{"id", e.scenario.id},
          {"name", e.scenario.name},
          {"steps", steps},
          {"shipped", e.shipped},
          {"custom", e.custom},
          {"default_for", default_for},
          {"updated_at", e.custom ? json(e.updated_at) : json(nullptr)}};
}

Result<bool> OptionalBool(const json& body, const char* field, const std::string& name) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) return Status::Invalid(name + " must be true or false", name);
  return it->get<bool>();
}

Result<ScenarioStep> StepField(const json& j, size_t i) {
  const std::string at = "steps[" + std::to_string(i) + "]";
  if (!j.is_object())
    return Status::Invalid(at + " must be {day_offset, channel, template, attach_statement?, include_penalties?}", at);
  ENC_RETURN_IF_ERROR(OnlyKeys(j, {"day_offset", "channel", "template", "attach_statement", "include_penalties"}, at + "."));
  ScenarioStep step;
  auto offset = j.find("day_offset");
  if (offset == j.end() || !offset->is_number_integer() || offset->get<int64_t>() < -100000 ||
      offset->get<int64_t>() > 100000)
    return Status::Invalid(at + ".day_offset is required (a whole number of days from the due date)", at + ".day_offset");
  step.day_offset = static_cast<int>(offset->get<int64_t>());
  auto channel = j.find("channel");
  auto parsed = channel != j.end() && channel->is_string() ? ParseChannel(channel->get<std::string>())
                                                           : Result<Channel>(Status::Invalid("no channel"));
  if (!parsed.ok())
    return Status::Invalid(at + ".channel must be email, sms, letter, phone_task, formal_notice or escalation",
                           at + ".channel");
  step.channel = *parsed;
  auto tmpl = j.find("template");
  if (tmpl == j.end() || !tmpl->is_string() || tmpl->get_ref<const std::string&>().size() > kMaxTemplateIdBytes)
    return Status::Invalid(at + ".template is required (a template id)", at + ".template");
  step.template_id = tmpl->get<std::string>();
  ENC_ASSIGN_OR_RETURN(step.attach_statement, OptionalBool(j, "attach_statement", at + ".attach_statement"));
  ENC_ASSIGN_OR_RETURN(step.include_penalties, OptionalBool(j, "include_penalties", at + ".include_penalties"));
  return step;
}

Result<Scenario> ScenarioBody(const ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return body.status();
  ENC_RETURN_IF_ERROR(OnlyKeys(*body, {"name", "steps"}));
  Scenario s;
  ENC_ASSIGN_OR_RETURN(s.name, RequiredString(*body, "name", kMaxScenarioNameBytes));
  auto steps = body->find("steps");
  if (steps == body->end() || !steps->is_array())
    return Status::Invalid("steps is required (a list of {day_offset, channel, template})", "steps");
  if (steps->size() > kMaxScenarioSteps)
    return Status::Invalid("at most " + std::to_string(kMaxScenarioSteps) + " steps", "steps");
  for (size_t i = 0; i < steps->size(); ++i) {
    ScenarioStep step;
    ENC_ASSIGN_OR_RETURN(step, StepField((*steps)[i], i));
    s.steps.push_back(std::move(step));
  }
  return s;
}

void ListScenariosRoute(ApiCall& c) {
  auto scenarios = ListScenarios(c.store.db());
  if (!scenarios.ok()) return SendStatus(c.res, scenarios.status());
  json items = json::array();
  for (const auto& e : *scenarios) items.push_back(ScenarioJson(e));
  SendJson(c.res, 200, {{"items", items}});
}

void CreateScenarioRoute(ApiCall& c) {
  auto scenario = ScenarioBody(c);
  if (!scenario.ok()) return SendStatus(c.res, scenario.status());
  auto created = CreateScenario(c.store.db(), *scenario, c.now);
  if (!created.ok()) return SendStatus(c.res, created.status());
  SendJson(c.res, 201, ScenarioJson(*created));
}

void UpdateScenarioRoute(ApiCall& c) {
  auto id = PathId(c);
  if (!id) return SendError(c.res, 404, "not_found", "no such scenario");
  auto scenario = ScenarioBody(c);
  if (!scenario.ok()) return SendStatus(c.res, scenario.status());
  scenario->id = *id;
  auto updated = UpdateScenario(c.store.db(), *scenario, c.now);
  if (!updated.ok()) return SendStatus(c.res, updated.status());
  SendJson(c.res, 200, ScenarioJson(*updated));
}

// ---- Templates ------------------------------------------------------------------------------

json TemplateJson(const TemplateEntry& e) {
  const MessageTemplate& t = e.tmpl;
  return {{"template_id", t.template_id},
          {"language", t.language},
          {"channel", ToString(t.channel)},
          {"subject", t.subject},
          {"body_text", t.text},
          {"body_html", t.html},
          {"custom", e.custom},
          {"has_default", e.has_default},
          {"updated_at", e.custom ? json(e.updated_at) : json(nullptr)}};
}

struct TemplateKey {
  std::string template_id;
  std::string language;
  Channel channel = Channel::kEmail;
};

// /api/v1/templates/{template_id}/{language}/{channel}
Result<TemplateKey> PathKey(const ApiCall& c) {
  TemplateKey k{c.req.matches[1], c.req.matches[2], Channel::kEmail};
  ENC_RETURN_IF_ERROR(ValidateTemplateKey(k.template_id, k.language));
  auto channel = ParseChannel(std::string(c.req.matches[3]));
  if (!channel.ok())
    return Status::Invalid("channel must be email, sms, letter, phone_task, formal_notice or escalation", "channel");
  k.channel = *channel;
  return k;
}

void ListTemplatesRoute(ApiCall& c) {
  auto templates = ListTemplates(c.store.db());
  if (!templates.ok()) return SendStatus(c.res, templates.status());
  json items = json::array();
  for (const auto& e : *templates) items.push_back(TemplateJson(e));
  SendJson(c.res, 200, {{"items", items}});
}

void GetTemplateRoute(ApiCall& c) {
  auto key = PathKey(c);
  if (!key.ok()) return SendStatus(c.res, key.status());
  auto entry = GetTemplate(c.store.db(), key->template_id, key->language, key->channel);
  if (!entry.ok()) return SendStatus(c.res, entry.status());
  if (!*entry) return SendError(c.res, 404, "not_found", "no such template");
  SendJson(c.res, 200, TemplateJson(**entry));
}

// subject, body_text and body_html of a body (the template's parts).
Result<MessageTemplate> TemplateParts(const json& body) {
  MessageTemplate t;
  ENC_ASSIGN_OR_RETURN(t.subject, OptionalString(body, "subject", kMaxSubjectBytes));
  ENC_ASSIGN_OR_RETURN(t.text, RequiredString(body, "body_text", kMaxTemplateBodyBytes));
  ENC_ASSIGN_OR_RETURN(t.html, OptionalString(body, "body_html", kMaxTemplateBodyBytes));
  return t;
}

void PutTemplateRoute(ApiCall& c) {
  auto key = PathKey(c);
  if (!key.ok()) return SendStatus(c.res, key.status());
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  if (Status s = OnlyKeys(*body, {"subject", "body_text", "body_html"}); !s.ok()) return SendStatus(c.res, s);
  auto t = TemplateParts(*body);
  if (!t.ok()) return SendStatus(c.res, t.status());
  t->template_id = key->template_id;
  t->language = key->language;
  t->channel = key->channel;
  auto saved = SaveTemplate(c.store.db(), *t, c.now);
  if (!saved.ok()) return SendStatus(c.res, saved.status());
  SendJson(c.res, 200, TemplateJson(*saved));
}

void DeleteTemplateRoute(ApiCall& c) {
  auto key = PathKey(c);
  if (!key.ok()) return SendStatus(c.res, key.status());
  auto deleted = DeleteTemplate(c.store.db(), key->template_id, key->language, key->channel);
  if (!deleted.ok()) return SendStatus(c.res, deleted.status());
  if (!*deleted) return SendError(c.res, 404, "not_found", "no custom version of this template: the shipped text is in force");
  c.res.status = 204;
}

// ---- Preview --------------------------------------------------------------------------------

void PreviewRoute(ApiCall& c) {
  auto body = ParseJsonObject(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  if (Status s = OnlyKeys(*body, {"customer_id", "channel", "language", "template_id", "subject", "body_text", "body_html"});
      !s.ok())
    return SendStatus(c.res, s);
  auto customer_id = RequiredInt(*body, "customer_id");
  if (!customer_id.ok()) return SendStatus(c.res, customer_id.status());
  auto channel_name = RequiredString(*body, "channel", 20);
  if (!channel_name.ok()) return SendStatus(c.res, channel_name.status());
  auto channel = ParseChannel(*channel_name);
  if (!channel.ok())
    return SendError(c.res, 400, "invalid_argument",
                     "channel must be email, sms, letter, phone_task, formal_notice or escalation", "channel");
  auto language = OptionalString(*body, "language", 2);
  if (!language.ok()) return SendStatus(c.res, language.status());
  auto template_id = OptionalString(*body, "template_id", kMaxTemplateIdBytes);
  if (!template_id.ok()) return SendStatus(c.res, template_id.status());
  const bool parts = body->contains("subject") || body->contains("body_text") || body->contains("body_html");
  if (template_id->empty() == !parts)
    return SendError(c.res, 400, "invalid_argument",
                     "send either template_id or an unsaved template (subject, body_text, body_html)", "template_id");

  Status visible = CheckCustomerVisible(c.store.db(), *customer_id, c.user.role, c.user.user_id);
  if (!visible.ok()) return SendStatus(c.res, visible);
  auto customer = c.store.GetCustomer(*customer_id);
  if (!customer.ok()) return SendStatus(c.res, customer.status());
  // The message in the language asked, else the customer's.
  Customer reader = *customer;
  if (!language->empty()) reader.language = *language;
  if (Status key = ValidateTemplateKey(template_id->empty() ? "preview" : *template_id,
                                       language->empty() ? "fr" : *language);
      !key.ok())
    return SendStatus(c.res, key);

  MessageTemplate tmpl;
  std::string source = "unsaved";
  if (!template_id->empty()) {
    auto resolved = ResolveTemplate(c.store.db(), *template_id, reader.language, *channel);
    if (!resolved.ok()) return SendStatus(c.res, resolved.status());
    tmpl = resolved->tmpl;
    source = resolved->custom ? "custom" : "shipped";
  } else {
    auto unsaved = TemplateParts(*body);
    if (!unsaved.ok()) return SendStatus(c.res, unsaved.status());
    tmpl = *unsaved;
    tmpl.template_id = "preview";
    tmpl.language = reader.language;
    tmpl.channel = *channel;
    if (Status valid = ValidateTemplateParts(tmpl); !valid.ok()) return SendStatus(c.res, valid);
  }
  auto settings = c.store.LoadSettings();
  if (!settings.ok()) return SendStatus(c.res, settings.status());
  const std::string link = PortalBaseUrl(settings->portal_url) + "/p/" + kPreviewLinkToken;
  auto composed = ComposeForAccount(c.store, reader, tmpl, link, c.today);
  if (!composed.ok()) return SendComputationError(c.res, composed.status());
  json out = {{"customer_id", reader.id},
              {"template_id", template_id->empty() ? json(nullptr) : json(*template_id)},
              {"language", reader.language},
              {"channel", ToString(*channel)},
              {"source", source},
              {"subject", composed->content.subject},
              {"text", composed->content.text},
              {"html", composed->content.html},
              {"portal_link", link}};
  if (*channel == Channel::kSms) {
    const SmsText sms = PrepareSms(composed->content.text);
    out["sms"] = {{"text", sms.text}, {"gsm7", sms.gsm7}, {"parts", sms.parts.size()}};
  }
  SendJson(c.res, 200, out);
}

}  // namespace

void RegisterTemplateRoutes(App& app) {
  using M = App::Method;
  app.Api(M::kGet, "/api/v1/scenarios", Readers(), ListScenariosRoute);
  app.Api(M::kPost, "/api/v1/scenarios", Admins(), CreateScenarioRoute);
  app.Api(M::kPut, R"(/api/v1/scenarios/(\d+))", Admins(), UpdateScenarioRoute);

  const std::string key = R"(/api/v1/templates/([a-z0-9_]{1,64})/([a-z]{2})/([a-z_]{1,20}))";
  app.Api(M::kGet, "/api/v1/templates", Admins(), ListTemplatesRoute);
  app.Api(M::kGet, key, Admins(), GetTemplateRoute);
  app.Api(M::kPut, key, Admins(), PutTemplateRoute);
  app.Api(M::kDelete, key, Admins(), DeleteTemplateRoute);
  app.Api(M::kPost, "/api/v1/templates/preview", Readers(), PreviewRoute);
}

}  // namespace encaisse
