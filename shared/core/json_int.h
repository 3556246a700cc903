// Whole numbers in JSON that fit int64_t. nlohmann keeps 2^63..2^64-1 as unsigned, and
// get<int64_t>() would wrap them (18446744073709551615 read as -1: a promise of -1 cent).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace encaisse {

inline bool IsInt64(const nlohmann::json& v) {
  return v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t{INT64_MAX});
}

}  // namespace encaisse
