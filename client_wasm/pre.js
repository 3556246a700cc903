// Linked before the generated JavaScript (--pre-js): helpers of the EM_JS functions.
// A JavaScript string as a malloc'ed UTF-8 C string (the C++ side frees it).
function encaisseNewString(s) {
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
}
// Puts IndexedDB entries read ahead by boot.js ({paths, entries}, in key order: a folder before
// its files) into the mounted IDBFS as its own read would (same mode and times, so its later
// saves see them unchanged); the first error, or null. Its fields are quoted, as every name
// shared with boot.js is: closure compiler renames dotted ones.
function encaisseStoreEntries(got) {
  var failed = null;
  got['paths'].forEach(function (path, i) {
    if (!failed) IDBFS.storeLocalEntry(path, got['entries'][i], function (err) { failed = err; });
  });
  return failed;
}
