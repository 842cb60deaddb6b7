// HOG face detection through dlib's frontal_face_detector, with upsampling as dlib's Python API
// does it (pyramid_up, detect, map the boxes back down).
#include "Shim.hpp"
#include "cfa_faces.h"
#include <algorithm>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <vector>

struct cfa_detector {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
};

extern "C" cfa_status cfa_detector_create(cfa_detector **detector) {
  if (!detector) return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_detector_create: null output");
  return cfa::guarded([&] {
    *detector = new cfa_detector();
    return CFA_OK;
  });
}

extern "C" void cfa_detector_destroy(cfa_detector *detector) { delete detector; }

extern "C" cfa_status cfa_detect_faces(cfa_detector *detector, const uint8_t *rgb, int32_t width,
                                       int32_t height, int32_t upsample, double threshold,
                                       cfa_face *faces, int32_t capacity, int32_t *count) {
  if (!detector || !rgb || !count || (capacity > 0 && !faces) || width <= 0 || height <= 0 ||
      upsample < 0 || upsample > 4)
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_detect_faces: bad argument");
  return cfa::guarded([&] {
    const cfa::RGBView view{rgb, width, height};
    std::vector<dlib::rect_detection> found;
    dlib::pyramid_down<2> pyramid;
    if (upsample == 0) {
      detector->detector(view, found, threshold);
    } else {
      dlib::array2d<dlib::rgb_pixel> up;
      dlib::pyramid_up(view, up, pyramid);
      for (int32_t i = 1; i < upsample; ++i) dlib::pyramid_up(up, pyramid);
      detector->detector(up, found, threshold);
      for (auto &d : found) d.rect = pyramid.rect_down(d.rect, upsample);
    }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
      return a.detection_confidence > b.detection_confidence;
    });
    *count = static_cast<int32_t>(found.size());
    for (int32_t i = 0; i < std::min<int32_t>(capacity, *count); ++i) {
      const auto &r = found[i].rect;
      faces[i] = cfa_face{double(r.left()), double(r.top()), double(r.right()), double(r.bottom()),
                          found[i].detection_confidence};
    }
    return CFA_OK;
  });
}
