// Word lists for French-looking demo companies, people and addresses.
#pragma once

#include <string_view>

namespace encaisse::demo {

inline constexpr std::string_view kTrades[] = {
    "Boulangerie", "Transports", "Menuiserie", "Garage", "Imprimerie", "Pharmacie", "Cabinet", "Atelier",
    "Plomberie", "Électricité", "Fromagerie", "Brasserie", "Hôtel", "Librairie", "Pépinières", "Charpente",
    "Couverture", "Maçonnerie", "Carrosserie", "Laboratoire", "Agence", "Société", "Établissements", "Domaine",
};
inline constexpr std::string_view kFamilyNames[] = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
};
inline constexpr std::string_view kPlaces[] = {
    "du Rhône", "de Provence", "des Alpes", "de Bretagne", "du Val de Loire", "de l'Ouest", "du Centre",
    "de Normandie", "d'Alsace", "du Midi", "de la Côte", "des Vosges", "du Lac", "de Gascogne", "de Savoie",
};
inline constexpr std::string_view kLegalForms[] = {"SARL", "SAS", "SA", "EURL", "SASU", "& Fils", "et Cie"};
inline constexpr std::string_view kFirstNames[] = {
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Hugo", "Lucas", "Gabriel",
    "Louis", "Arthur", "Jules", "Nathan", "Théo", "Élodie", "Hélène", "Benoît", "Stéphane", "Océane", "Jérôme",
};
inline constexpr std::string_view kStreets[] = {
    "rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue Pasteur", "place de la Mairie",
    "rue du Général de Gaulle", "chemin des Vignes", "rue de la Gare", "allée des Tilleuls", "quai de Saône",
};
struct City {
  std::string_view name;
  std::string_view postcode;
  std::string_view phone_prefix;
};
inline constexpr City kCities[] = {
    {"Lyon", "69002", "04 78"}, {"Paris", "75011", "01 43"}, {"Marseille", "13006", "04 91"},
    {"Toulouse", "31000", "05 61"}, {"Nantes", "44000", "02 40"}, {"Bordeaux", "33000", "05 56"},
    {"Lille", "59000", "03 20"}, {"Strasbourg", "67000", "03 88"}, {"Rennes", "35000", "02 99"},
    {"Grenoble", "38000", "04 76"}, {"Dijon", "21000", "03 80"}, {"Annecy", "74000", "04 50"},
};
inline constexpr std::string_view kDisputeReasons[] = {
    "Marchandise livrée endommagée", "Quantité facturée supérieure à la livraison", "Prix différent du devis",
    "Prestation non conforme", "Facture en double", "Bon de commande manquant",
};
inline constexpr std::string_view kNoteTexts[] = {
    "Appel au service comptable : facture bien reçue, en attente de validation.",
    "Le client demande un relevé de compte par e-mail.",
    "Visite commerciale : trésorerie tendue ce trimestre, à suivre.",
    "Changement d'interlocuteur : s'adresser désormais à la comptabilité fournisseurs.",
    "Paiement annoncé par virement en fin de mois.",
};

}  // namespace encaisse::demo
