// dlib's face-recognition ResNet and its 128-d descriptor. dlib's DNN headers are heavy to
// compile, so they stay in this one file.
#include "Shim.hpp"
#include "cfa_descriptor.h"
#include <dlib/dnn.h>
#include <memory>
#include <vector>

namespace {
using namespace dlib;

// The network of dlib's examples/dnn_face_recognition_ex.cpp (anet_type), layer for layer.
template <template <int, template <typename> class, int, typename> class Block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<Block<N, BN, 1, tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class Block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<Block<N, BN, 2, tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = loss_metric<fc_no_bias<
    128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<max_pool<
             3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;
} // namespace

struct cfa_descriptor_model {
  anet_type net;
};

extern "C" cfa_status cfa_descriptor_model_load(const char *path, cfa_descriptor_model **model) {
  if (path == nullptr || model == nullptr) {
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_descriptor_model_load: null path or result");
  }
  return cfa::guarded([&] {
    auto loaded = std::make_unique<cfa_descriptor_model>();
    try {
      dlib::deserialize(path) >> loaded->net;
    } catch (const dlib::serialization_error &e) {
      return cfa::fail(CFA_ERROR_FILE, std::string(path) + ": " + e.what());
    }
    *model = loaded.release();
    return CFA_OK;
  });
}

extern "C" void cfa_descriptor_model_destroy(cfa_descriptor_model *model) { delete model; }

extern "C" cfa_status cfa_face_descriptors(cfa_descriptor_model *model, const uint8_t *rgb,
                                           int32_t count, float *descriptors) {
  if (model == nullptr || rgb == nullptr || descriptors == nullptr || count < 0) {
    return cfa::fail(CFA_ERROR_ARGUMENT, "cfa_face_descriptors: null model or buffer, or count < 0");
  }
  return cfa::guarded([&] {
    const long side = CFA_DESCRIPTOR_CHIP_SIZE;
    std::vector<dlib::matrix<dlib::rgb_pixel>> chips(count);
    for (int32_t i = 0; i < count; ++i) {
      chips[i].set_size(side, side);
      const uint8_t *p = rgb + static_cast<size_t>(i) * side * side * 3;
      for (long r = 0; r < side; ++r) {
        for (long c = 0; c < side; ++c, p += 3) chips[i](r, c) = dlib::rgb_pixel(p[0], p[1], p[2]);
      }
    }
    std::vector<dlib::matrix<float, 0, 1>> out = model->net(chips, 16);
    for (int32_t i = 0; i < count; ++i) {
      if (out[i].size() != CFA_DESCRIPTOR_LENGTH) {
        return cfa::fail(CFA_ERROR_INTERNAL, "dlib returned a descriptor of unexpected length");
      }
      for (long j = 0; j < CFA_DESCRIPTOR_LENGTH; ++j) descriptors[i * CFA_DESCRIPTOR_LENGTH + j] = out[i](j);
    }
    return CFA_OK;
  });
}
