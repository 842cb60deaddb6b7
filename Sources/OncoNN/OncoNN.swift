// OncoNN: float32 NCHW tensors, layers with hand-written backward, ResNets, losses, optimizers,
// safetensors checkpoints and Grad-CAM. Depends on CBLAS (OpenBLAS) only.
