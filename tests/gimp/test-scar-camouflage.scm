; plug-in-smp-scar-camouflage from Script-Fu with named arguments: a dotted scalp with a lighter,
; dot-free scar; the selection around it gets a new layer with dots in the scar, the existing
; layers keep their pixels, and a call without a selection is refused.

(let* ((image (gimp-image-new 360 260 RGB))
       (photo (gimp-layer-new image "scalp" 360 260 RGB-IMAGE 100 LAYER-MODE-NORMAL))
       (dummy (begin (gimp-image-insert-layer image photo 0 0)
                     (gimp-image-set-resolution image 300 300)
                     (gimp-context-set-foreground '(201 168 131))
                     (gimp-drawable-fill photo FILL-FOREGROUND)))
       (dots (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                                    #:drawables (vector photo) #:density 55 #:dot-size 0.3
                                    #:appearance "fresh" #:seed 2 #:merge #t))
       (scar (gimp-layer-new image "scar" 360 260 RGBA-IMAGE 100 LAYER-MODE-NORMAL))
       (dummy2 (begin (gimp-image-insert-layer image scar 0 0)
                      (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 90 100 180 60)
                      (gimp-context-set-foreground '(232 211 189))
                      (gimp-drawable-edit-fill scar FILL-FOREGROUND)
                      (gimp-selection-none image)))
       (photo-before (smp-snapshot photo))
       (dots-before (smp-snapshot dots))
       (scar-before (smp-snapshot scar)))
  (smp-assert-error (lambda () (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE
                                                            #:image image
                                                            #:drawables (vector scar)))
                    "scar camouflage without a selection")
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 40 50 280 160)
  (let* ((layer (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE #:image image
                                             #:drawables (vector scar) #:feather 3.0 #:seed 9))
         (baked (smp-baked-copy image layer))
         ; Only the scar (pixels well inside the ellipse) counts.
         (inked (begin (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 100 108 160 44)
                       (smp-alpha-count baked 0.5)))
         (scar-px (* 0.785398 160 44))
         (ink (smp-dots-area (smp-expected-dots scar-px 55 300) 0.3 300)))
    (smp-assert-equal (smp-filter-names layer) '("smp:scar-camouflage") "the dots are an effect")
    (smp-assert-equal (gimp-drawable-get-offsets layer) '(40 50) "the layer starts at the selection")
    (smp-assert-range inked (* 0.4 ink) (* 1.6 ink) "inked pixels inside the scar")
    (smp-remove image baked))
  (smp-assert-unchanged photo-before photo "scalp pixels unchanged")
  (smp-assert-unchanged dots-before dots "existing dot pixels unchanged")
  (smp-assert-unchanged scar-before scar "scar pixels unchanged")
  (gimp-image-delete image))

(smp-log "test-scar-camouflage.scm: all assertions passed")
