// Internal helpers of the CFaceAlign shim: the thread's last error, a guard that turns C++
// exceptions into status codes, and a dlib image view over a caller's packed RGB buffer.
#ifndef CFA_SHIM_HPP
#define CFA_SHIM_HPP
#include "cfa_common.h"
#include <dlib/image_processing/generic_image.h>
#include <dlib/pixel.h>
#include <exception>
#include <new>
#include <string>

namespace cfa {

/// Records `message` as this thread's last error and returns `status`.
cfa_status fail(cfa_status status, const std::string &message);

/// Runs `body` (which returns a cfa_status); any C++ exception becomes CFA_ERROR_INTERNAL.
template <typename F> cfa_status guarded(F body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(CFA_ERROR_INTERNAL, "out of memory");
  } catch (const std::exception &e) {
    return fail(CFA_ERROR_INTERNAL, e.what());
  } catch (...) {
    return fail(CFA_ERROR_INTERNAL, "unknown C++ exception");
  }
}

/// A read-only dlib image over packed RGB8 rows (no copy).
struct RGBView {
  const uint8_t *data;
  long width, height;
};

// The generic-image functions dlib finds by argument-dependent lookup.
inline long num_rows(const RGBView &v) { return v.height; }
inline long num_columns(const RGBView &v) { return v.width; }
inline const void *image_data(const RGBView &v) { return v.data; }
inline void *image_data(RGBView &v) { return const_cast<uint8_t *>(v.data); }
inline long width_step(const RGBView &v) { return v.width * 3; }

} // namespace cfa

namespace dlib {
template <> struct image_traits<cfa::RGBView> { typedef rgb_pixel pixel_type; };
} // namespace dlib

#endif
