#include "shared/templates/default_templates.h"

namespace encaisse {
namespace {

MessageTemplate T(const char* id, const char* lang, Channel ch, const char* subject, const char* text) {
  return {id, lang, ch, subject, text, ""};
}

}  // namespace

const std::vector<MessageTemplate>& DefaultTemplates() {
  using C = Channel;
  static const std::vector<MessageTemplate> kTemplates = {
      T("preventive", "fr", C::kEmail, "{{company.name}} : échéance prochaine",
        "Bonjour,\n\nPour faciliter votre organisation, nous vous rappelons que les factures suivantes arrivent "
        "bientôt à échéance :\n\n{{invoices}}\nMontant total dû sur votre compte : {{total_due}}.\n\n"
        "Vous pouvez consulter votre compte et régler en ligne ici : {{portal_link}}\n\n"
        "Si le règlement est déjà parti, merci de ne pas tenir compte de ce message.\n\n"
        "Bien cordialement,\n{{company.name}}\n{{company.phone}}"),
      T("preventive", "en", C::kEmail, "{{company.name}}: invoices due soon",
        "Hello,\n\nA friendly note that the following invoices fall due soon:\n\n{{invoices}}\n"
        "Total due on your account: {{total_due}}.\n\nYou can see your account and pay online here: {{portal_link}}\n\n"
        "If payment is already on its way, please disregard this message.\n\nKind regards,\n{{company.name}}\n{{company.phone}}"),
      T("reminder_1", "fr", C::kEmail, "{{company.name}} : facture(s) échue(s)",
        "Bonjour,\n\nSauf erreur de notre part, les factures suivantes restent impayées à ce jour :\n\n{{invoices}}\n"
        "Montant total dû : {{total_due}}.\n\nNous vous remercions de bien vouloir procéder à leur règlement, par "
        "virement (référence {{rf_reference}}) ou en ligne : {{portal_link}}\n\nUne question, une facture contestée ? "
        "Répondez simplement à ce message.\n\nBien cordialement,\n{{company.name}}"),
      T("reminder_1", "en", C::kEmail, "{{company.name}}: overdue invoice(s)",
        "Hello,\n\nUnless we are mistaken, the following invoices are still unpaid:\n\n{{invoices}}\n"
        "Total due: {{total_due}}.\n\nPlease arrange payment by bank transfer (reference {{rf_reference}}) or online: "
        "{{portal_link}}\n\nA question, or a disputed invoice? Simply reply to this message.\n\nKind regards,\n{{company.name}}"),
      T("reminder_2", "fr", C::kEmail, "Deuxième relance : {{total_due}} restant dus à {{company.name}}",
        "Bonjour,\n\nMalgré notre précédent rappel, les factures suivantes demeurent impayées :\n\n{{invoices}}\n"
        "Montant total dû : {{total_due}}. Vous trouverez votre relevé de compte en pièce jointe.\n\n"
        "Nous vous prions de régler ce montant sous huit jours : {{portal_link}}\nSi vous rencontrez des difficultés, "
        "un échéancier peut vous être proposé depuis ce même lien.\n\nBien cordialement,\n{{company.name}}"),
      T("reminder_2", "en", C::kEmail, "Second reminder: {{total_due}} due to {{company.name}}",
        "Hello,\n\nDespite our previous reminder, the following invoices remain unpaid:\n\n{{invoices}}\n"
        "Total due: {{total_due}}. Your statement of account is attached.\n\nPlease settle this amount within eight days: "
        "{{portal_link}}\nIf this is difficult, you can ask for an installment plan from the same link.\n\n"
        "Kind regards,\n{{company.name}}"),
      T("sms_reminder", "fr", C::kSms, "",
        "{{company.name}} : {{total_due}} restent dus sur votre compte. Reglement en ligne : {{portal_link}}"),
      T("sms_reminder", "en", C::kSms, "", "{{company.name}}: {{total_due}} is overdue on your account. Pay online: {{portal_link}}"),
      T("phone_call", "fr", C::kPhoneTask, "Appeler {{customer.name}}",
        "Script d'appel :\n- Se présenter ({{company.name}}, service comptabilité clients).\n- Rappeler les factures échues :\n"
        "{{invoices}}- Total dû : {{total_due}}.\n- Demander une date de règlement (promesse) ou la raison du retard "
        "(litige ?).\n- Proposer le paiement en ligne ou un échéancier : {{portal_link}}"),
      T("letter", "fr", C::kLetter, "Relance : factures impayées",
        "Madame, Monsieur,\n\nSauf erreur ou omission de notre part, les factures ci-dessous restent impayées malgré nos "
        "précédents rappels :\n\n{{invoices}}\nMontant total dû : {{total_due}}, dont pénalités de retard {{interest}} et "
        "indemnité forfaitaire pour frais de recouvrement {{fee}}.\n\nNous vous remercions de procéder au règlement sous "
        "quinze jours par virement (IBAN {{company.iban}}, référence {{rf_reference}}) ou en ligne : {{portal_link}}\n\n"
        "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.\n\n{{company.name}}"),
      T("letter", "en", C::kLetter, "Reminder: unpaid invoices",
        "Dear Sir or Madam,\n\nDespite our previous reminders, the invoices below remain unpaid:\n\n{{invoices}}\n"
        "Total due: {{total_due}}, including late-payment interest {{interest}} and the fixed recovery fee {{fee}}.\n\n"
        "Please pay within fifteen days by bank transfer (IBAN {{company.iban}}, reference {{rf_reference}}) or online: "
        "{{portal_link}}\n\nYours faithfully,\n\n{{company.name}}"),
      T("formal_notice", "fr", C::kFormalNotice, "Mise en demeure de payer",
        "Lettre recommandée avec accusé de réception\n\nMadame, Monsieur,\n\nMalgré nos relances restées sans effet, "
        "vous restez redevable des sommes suivantes :\n\n{{invoices}}\nPrincipal, pénalités de retard ({{interest}}, "
        "article L441-10 du Code de commerce) et indemnité forfaitaire pour frais de recouvrement ({{fee}}, article "
        "D441-5) : {{total_due}} au total.\n\nPar la présente, nous vous mettons en demeure de régler cette somme sous "
        "huit jours à compter de la réception de ce courrier. À défaut, nous engagerons sans autre avis les procédures "
        "de recouvrement judiciaire, dont les frais resteront à votre charge.\n\nRèglement : virement (IBAN "
        "{{company.iban}}, référence {{rf_reference}}) ou en ligne : {{portal_link}}\n\nVeuillez agréer, Madame, "
        "Monsieur, nos salutations distinguées.\n\n{{company.name}}"),
      T("formal_notice", "en", C::kFormalNotice, "Formal notice to pay",
        "Registered letter with acknowledgement of receipt\n\nDear Sir or Madam,\n\nDespite our reminders, the following "
        "sums remain unpaid:\n\n{{invoices}}\nPrincipal, late-payment interest ({{interest}}, French Commercial Code "
        "L441-10) and the fixed recovery fee ({{fee}}, D441-5): {{total_due}} in total.\n\nWe hereby give you formal "
        "notice to pay this sum within eight days of receiving this letter. Failing that, we will start legal recovery "
        "proceedings without further notice, at your expense.\n\nPayment: bank transfer (IBAN {{company.iban}}, "
        "reference {{rf_reference}}) or online: {{portal_link}}\n\nYours faithfully,\n\n{{company.name}}"),
      T("escalation", "fr", C::kEscalation, "Transmission au contentieux : {{customer.name}}",
        "Le compte {{customer.name}} ({{customer.external_id}}) passe au contentieux : {{total_due}} dus, mise en "
        "demeure restée sans effet.\n{{invoices}}"),
      T("installment_upcoming", "fr", C::kEmail, "{{company.name}} : prochaine échéance de votre plan",
        "Bonjour,\n\nLa prochaine échéance de votre plan de paiement, {{installment.amount}}, est prévue le "
        "{{installment.due_date}}.\n\nRèglement en ligne : {{portal_link}}\n\nMerci de votre confiance,\n{{company.name}}"),
      T("installment_upcoming", "en", C::kEmail, "{{company.name}}: your next installment",
        "Hello,\n\nThe next installment of your payment plan, {{installment.amount}}, falls due on {{installment.due_date}}.\n\n"
        "Pay online: {{portal_link}}\n\nThank you,\n{{company.name}}"),
      T("installment_missed", "fr", C::kEmail, "{{company.name}} : échéance de votre plan non reçue",
        "Bonjour,\n\nNous n'avons pas reçu l'échéance de {{installment.amount}} prévue le {{installment.due_date}} dans "
        "votre plan de paiement. Sans règlement sous quinze jours, le plan serait rompu et les relances reprendraient.\n\n"
        "Règlement en ligne : {{portal_link}}\n\nBien cordialement,\n{{company.name}}"),
      T("installment_missed", "en", C::kEmail, "{{company.name}}: installment not received",
        "Hello,\n\nWe have not received the installment of {{installment.amount}} due on {{installment.due_date}} under "
        "your payment plan. Without payment within fifteen days the plan would end and reminders would resume.\n\n"
        "Pay online: {{portal_link}}\n\nKind regards,\n{{company.name}}"),
      T("thank_you", "fr", C::kEmail, "{{company.name}} : merci pour votre règlement",
        "Bonjour,\n\nNous avons bien reçu votre règlement des factures ci-dessous et vous en remercions :\n\n"
        "{{invoices}}\nSolde de votre compte après ce règlement : {{total_due}}. Vous trouverez le reçu en pièce "
        "jointe.\n\nBien cordialement,\n{{company.name}}"),
      T("thank_you", "en", C::kEmail, "{{company.name}}: thank you for your payment",
        "Hello,\n\nWe have received your payment of the invoices below, thank you:\n\n{{invoices}}\n"
        "Balance of your account after this payment: {{total_due}}. The receipt is attached.\n\nKind regards,\n"
        "{{company.name}}"),
      // The answer to a plan the debtor asked for on the portal.
      T("plan_approved", "fr", C::kEmail, "{{company.name}} : votre échéancier est accepté",
        "Bonjour,\n\nNous acceptons l'échéancier que vous avez demandé. Première échéance : {{installment.amount}} le "
        "{{installment.due_date}}.\n\nLe détail des échéances et le paiement en ligne : {{portal_link}}\n\n"
        "Merci de votre confiance,\n{{company.name}}\n{{company.phone}}"),
      T("plan_approved", "en", C::kEmail, "{{company.name}}: your installment plan is accepted",
        "Hello,\n\nWe accept the installment plan you asked for. First installment: {{installment.amount}} on "
        "{{installment.due_date}}.\n\nEvery installment and online payment: {{portal_link}}\n\n"
        "Thank you for your trust,\n{{company.name}}\n{{company.phone}}"),
      T("plan_rejected", "fr", C::kEmail, "{{company.name}} : votre demande d'échéancier",
        "Bonjour,\n\nNous ne pouvons pas accepter l'échéancier demandé. Montant dû sur votre compte : {{total_due}}.\n\n"
        "Appelez-nous au {{company.phone}} ou répondez à ce message : nous chercherons ensemble une solution. "
        "Votre compte et le paiement en ligne : {{portal_link}}\n\nBien cordialement,\n{{company.name}}"),
      T("plan_rejected", "en", C::kEmail, "{{company.name}}: your installment plan request",
        "Hello,\n\nWe cannot accept the installment plan you asked for. Amount due on your account: {{total_due}}.\n\n"
        "Call us on {{company.phone}} or reply to this message and we will find a way together. "
        "Your account and online payment: {{portal_link}}\n\nKind regards,\n{{company.name}}"),
      // Sent when a collector asks for it ("send now"), outside the scenario: the statement.
      T("statement", "fr", C::kEmail, "{{company.name}} : votre relevé de compte",
        "Bonjour,\n\nVeuillez trouver ci-joint votre relevé de compte. Montant total dû : {{total_due}}, dont les factures "
        "échues suivantes :\n\n{{invoices}}\nVous pouvez régler par virement (référence {{rf_reference}}) ou en ligne : "
        "{{portal_link}}\n\nUne question, une facture contestée ? Répondez simplement à ce message.\n\n"
        "Bien cordialement,\n{{company.name}}\n{{company.phone}}"),
      T("statement", "en", C::kEmail, "{{company.name}}: your statement of account",
        "Hello,\n\nPlease find your statement of account attached. Total due: {{total_due}}, including these overdue "
        "invoices:\n\n{{invoices}}\nYou can pay by bank transfer (reference {{rf_reference}}) or online: {{portal_link}}\n\n"
        "A question, or a disputed invoice? Simply reply to this message.\n\nKind regards,\n{{company.name}}\n{{company.phone}}"),
      // Internal, to the customer's sales rep (French, like the collectors' tasks).
      T("rep_escalation_notice", "fr", C::kEmail, "{{customer.name}} : passage au contentieux dans 5 jours",
        "Bonjour {{rep.name}},\n\nSans règlement ni arrangement, le compte {{customer.name}} ({{customer.external_id}}) "
        "passera au contentieux dans 5 jours : {{total_due}} dus, dont :\n\n{{invoices}}\nSi vous pensez qu'un "
        "arrangement est possible (promesse de paiement, échéancier), enregistrez-le avant cette date : les relances "
        "s'arrêteront.\n\n{{company.name}}, service recouvrement"),
  };
  return kTemplates;
}

std::string_view TemplateName(std::string_view template_id, bool english) {
  struct Name {
    std::string_view id, fr, en;
  };
  static constexpr Name kNames[] = {
      {"preventive", "Rappel avant échéance", "Before the due date"},
      {"reminder_1", "1re relance", "First reminder"},
      {"reminder_2", "2e relance", "Second reminder"},
      {"sms_reminder", "Relance SMS", "SMS reminder"},
      {"phone_call", "Script d'appel", "Call script"},
      {"letter", "Lettre de relance", "Reminder letter"},
      {"formal_notice", "Mise en demeure", "Formal notice"},
      {"escalation", "Dossier contentieux", "Litigation file"},
      {"installment_upcoming", "Échéance de plan à venir", "Installment coming up"},
      {"installment_missed", "Échéance de plan manquée", "Installment missed"},
      {"thank_you", "Remerciement", "Thank-you"},
      {"plan_approved", "Échéancier accepté", "Plan accepted"},
      {"plan_rejected", "Échéancier refusé", "Plan declined"},
      {"statement", "Relevé de compte", "Statement of account"},
      {"rep_escalation_notice", "Alerte au commercial", "Notice to the sales rep"},
  };
  for (const Name& n : kNames)
    if (n.id == template_id) return english ? n.en : n.fr;
  return template_id;
}

std::optional<MessageTemplate> FindDefaultTemplate(std::string_view template_id, std::string_view language, Channel channel) {
  // The formal notice and letter templates serve both letter channels; phone and escalation
  // tasks are internal (French).
  for (std::string_view lang : {language, std::string_view("fr")})
    for (const auto& t : DefaultTemplates())
      if (t.template_id == template_id && t.language == lang && t.channel == channel) return t;
  return std::nullopt;
}

}  // namespace encaisse
