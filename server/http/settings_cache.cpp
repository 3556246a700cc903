#include "server/http/settings_cache.h"

namespace encaisse {

Result<CompanySettings> CachedSettings(Store& store) {
  thread_local std::string cached_text;
  thread_local CompanySettings cached;
  thread_local bool filled = false;
  auto text = store.LoadSettingsText();
  if (!text.ok()) return text.status();
  if (!filled || *text != cached_text) {
    auto parsed = ParseStoredSettings(*text);
    if (!parsed.ok()) return parsed.status();
    cached = std::move(*parsed);
    cached_text = std::move(*text);
    filled = true;
  }
  return cached;
}

}  // namespace encaisse
