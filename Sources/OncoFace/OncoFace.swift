// OncoFace: face detection, 68 landmarks, face chips, background masks, average faces, landmark measures.
