# OncoFace: `make run` opens the workbench on the demo cohort, `make test` runs every test.
# Both install what is missing first (`make deps`). See README.md.

SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libncursesw5-dev libpng-dev libjpeg-dev libturbojpeg0-dev libopenblas-dev \
                libdlib-dev libdlib-data tmux python3-pip time
MODELS := Assets/models
FACE_RESNET := $(MODELS)/dlib_face_recognition_resnet_model_v1.dat
FACE_RESNET_SHA256 := 55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
FRM_VERSION := 0.3.0
BIN := .build/release/oncoface
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps apt-deps models build release run test bench fuzz clean

## deps: install the Debian packages and download the models that are missing (nothing else)
deps: apt-deps models

apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

models: $(FACE_RESNET)

# dlib's pretrained face-recognition ResNet ships in the PyPI package face_recognition_models.
$(FACE_RESNET):
	@echo "make deps: downloading face_recognition_models $(FRM_VERSION) (PyPI, ~100 MB)"
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m pip download --quiet --no-deps --no-binary :all: \
	  "face_recognition_models==$(FRM_VERSION)" -d "$$tmp"; \
	tar -xzf "$$tmp"/face_recognition_models-$(FRM_VERSION).tar.gz -C "$$tmp" \
	  face_recognition_models-$(FRM_VERSION)/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat; \
	echo "$(FACE_RESNET_SHA256)  $$tmp/face_recognition_models-$(FRM_VERSION)/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat" \
	  | sha256sum --check --quiet; \
	mkdir -p $(MODELS); \
	mv "$$tmp"/face_recognition_models-$(FRM_VERSION)/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat $@.tmp; \
	mv $@.tmp $@

## build: the release binary (.build/release/oncoface)
build release: deps
	$(SWIFT) build -c release --product oncoface

## run: open the workbench on the built-in demo cohort
run: build
	$(BIN)

## test: unit tests, then the end-to-end tests against the release binary
test: build
	ONCOFACE_BIN=$(CURDIR)/$(BIN) $(SWIFT) test

## bench: the speed figures of the README, one JSON line each
bench: build
	$(BIN) bench train --model resnet18 --size 112 --batch 32 --threads 2 --iters 10
	$(BIN) bench train --model resnet18 --size 150 --batch 32 --threads 2 --iters 10
	$(BIN) bench infer --model resnet18 --size 112 --batch 32 --threads 2 --iters 10
	$(BIN) bench infer --model resnet18 --size 150 --batch 32 --threads 2 --iters 10
	$(BIN) bench train --model dlib-face --freeze stage --size 150 --batch 32 --threads 2 --iters 10
	$(BIN) bench infer --model dlib-face --size 150 --batch 32 --threads 2 --iters 10
	$(BIN) bench cam --model dlib-face --threads 2 --batch 8
	$(BIN) bench align --size 250 --jobs 2
	$(BIN) bench ui

## fuzz: every file reader under libFuzzer + AddressSanitizer for FUZZ_SECONDS each (.ci/fuzz;
## README "Reliability"); FUZZ_JOBS targets at a time, FUZZ_TARGETS to choose some
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?=
fuzz: build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) ONCOFACE_BIN=$(CURDIR)/$(BIN) \
	  .ci/fuzz $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz
