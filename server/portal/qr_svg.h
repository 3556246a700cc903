// A QR code as an SVG image (libqrencode, error correction M): the portal shows the EPC
// transfer code a banking app scans, drawn as one path so it stays sharp and small.
#pragma once

#include <string>

#include "shared/core/result.h"

namespace encaisse {

Result<std::string> QrSvg(const std::string& payload);

}  // namespace encaisse
