#include "server/http/settings_cache.h"

namespace encaisse {

Result<CompanySettings> CachedSettings(Store& store) {
  // Empty text parses to the defaults, which is what a thread that never read any holds.
  thread_local std::string cached_text;
  thread_local CompanySettings cached;
  auto text = store.LoadSettingsText();
  if (!text.ok()) return text.status();
  if (*text != cached_text) {
    auto parsed = ParseStoredSettings(*text);
    if (!parsed.ok()) return parsed.status();
    cached = std::move(*parsed);
    cached_text = std::move(*text);
  }
  return cached;
}

}  // namespace encaisse
