// 68 landmarks through dlib's shape_predictor. The model is loaded once and only read afterwards,
// so one model serves every thread.
#include "Shim.hpp"
#include "cfa_faces.h"
#include <cmath>
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>
#include <fstream>

struct cfa_landmark_model {
  dlib::shape_predictor predictor;
};

extern "C" cfa_status cfa_landmark_model_load(const char *path, cfa_landmark_model **model) {
  if (!path || !model)
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_landmark_model_load: null argument");
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) return cfa::fail(CFA_ERROR_FILE, std::string("cannot open ") + path);
  }
  return cfa::guarded([&] {
    auto loaded = new cfa_landmark_model();
    try {
      dlib::deserialize(path) >> loaded->predictor;
    } catch (...) {
      delete loaded;
      throw;
    }
    if (loaded->predictor.num_parts() == 0) {
      delete loaded;
      return cfa::fail(CFA_ERROR_FILE, std::string(path) + " holds no landmarks");
    }
    *model = loaded;
    return CFA_OK;
  });
}

extern "C" void cfa_landmark_model_destroy(cfa_landmark_model *model) { delete model; }

extern "C" int32_t cfa_landmark_model_points(const cfa_landmark_model *model) {
  return model ? static_cast<int32_t>(model->predictor.num_parts()) : 0;
}

extern "C" cfa_status cfa_find_landmarks(const cfa_landmark_model *model, const uint8_t *rgb,
                                         int32_t width, int32_t height, cfa_face box, double *xy) {
  if (!model || !rgb || !xy || width <= 0 || height <= 0)
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_find_landmarks: bad argument");
  if (!(box.right > box.left && box.bottom > box.top) || !std::isfinite(box.left + box.top))
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_find_landmarks: empty face box");
  return cfa::guarded([&] {
    const cfa::RGBView view{rgb, width, height};
    const dlib::rectangle rect(std::lround(box.left), std::lround(box.top), std::lround(box.right),
                               std::lround(box.bottom));
    const dlib::full_object_detection shape = model->predictor(view, rect);
    for (unsigned long i = 0; i < shape.num_parts(); ++i) {
      xy[2 * i] = shape.part(i).x();
      xy[2 * i + 1] = shape.part(i).y();
    }
    return CFA_OK;
  });
}
