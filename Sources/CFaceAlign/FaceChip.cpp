// The face-chip transform of dlib (get_face_chip_details), so OncoFace chips line up with dlib's
// and with what dlib's face ResNet was trained on.
#include "Shim.hpp"
#include "cfa_faces.h"
#include <dlib/image_transforms/interpolation.h>

extern "C" cfa_status cfa_face_chip_transform(const double *xy, int32_t points, int32_t size,
                                              double padding, double *m) {
  if (!xy || !m || (points != 68 && points != 5) || size <= 0 || !(padding >= 0))
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_face_chip_transform: bad argument");
  return cfa::guarded([&] {
    std::vector<dlib::point> parts;
    for (int32_t i = 0; i < points; ++i)
      parts.emplace_back(std::lround(xy[2 * i]), std::lround(xy[2 * i + 1]));
    dlib::full_object_detection shape(dlib::rectangle(), parts);
    const dlib::chip_details details = dlib::get_face_chip_details(shape, size, padding);
    const dlib::point_transform_affine toChip = dlib::get_mapping_to_chip(details);
    const auto &a = toChip.get_m();
    const auto &b = toChip.get_b();
    m[0] = a(0, 0); m[1] = a(0, 1); m[2] = b(0);
    m[3] = a(1, 0); m[4] = a(1, 1); m[5] = b(1);
    return CFA_OK;
  });
}
