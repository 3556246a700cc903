// Linked before the generated JavaScript (--pre-js): helpers of the EM_JS functions.
// A JavaScript string as a malloc'ed UTF-8 C string (the C++ side frees it).
function encaisseNewString(s) {
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
}
