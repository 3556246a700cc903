#include "server/portal/qr_svg.h"

#include <qrencode.h>

#include <memory>

namespace encaisse {

Result<std::string> QrSvg(const std::string& payload) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M),
                                                     &QRcode_free);
  if (!qr) return Status::Invalid("cannot encode this text as a QR code", "payload");
  const int quiet = 4;  // the quiet zone scanners need
  const int size = qr->width + 2 * quiet;
  std::string path;
  for (int y = 0; y < qr->width; ++y)
    for (int x = 0; x < qr->width; ++x)
      if (qr->data[y * qr->width + x] & 1)
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         path + "\"/></svg>";
}

}  // namespace encaisse
