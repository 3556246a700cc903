// The company settings through a cache of this thread's own: every portal page needs them,
// they seldom change, and parsing their JSON was a twentieth of a page's time.
#pragma once

#include "shared/store/store.h"

namespace encaisse {

// The stored text is still read each time, so a change saved through any connection is seen
// at once; only the parse is skipped while the text is the same.
Result<CompanySettings> CachedSettings(Store& store);

}  // namespace encaisse
