; plug-in-smp-hairline from Script-Fu with named arguments: a hairline mask filled with dots in
; one call, one layer above the photo holding the design and its dots, dots only above the
; forehead, the photo unchanged; and an outline for stencils.

(let* ((image (smp-make-image 500 420 RGB 127))
       (photo (smp-first-layer image))
       (before (smp-snapshot photo))
       (result (plug-in-smp-hairline #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:view "front"
                                     #:origin-x 250 #:origin-y 400 #:hairline-height 60
                                     #:shape "natural" #:pattern "full" #:transition 6
                                     #:fill-dots #t #:hair-type "black-coarse"
                                     #:skin-tone "monk-8" #:appearance "fresh" #:seed 2))
       (hairline (list-ref result 0))
       (dots (list-ref result 1))
       (layers (gimp-image-get-layers image)))
  (smp-assert-equal (vector-length layers) 2 "one layer holds the design and its dots")
  (smp-assert-equal (vector-ref layers 0) hairline "the hairline on top")
  (smp-assert-equal dots hairline "the dots are on the hairline layer")
  ; Effects are listed top (last applied) first.
  (smp-assert-equal (smp-filter-names dots) '("smp:follicle-dots" "smp:hairline-mask")
                    "the dots follow the mask in the same layer")
  (let* ((baked (smp-baked-copy image dots))
         ; The forehead: 60 mm = 300 px above the glabella is the line; below it, 6 mm clear,
         ; between the temples (the sides hold temple hair).
         (forehead (begin (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 150 130 200 290)
                          (smp-alpha-count baked 0.5)))
         (scalp (begin (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 150 0 200 70)
                       (smp-alpha-count baked 0.5))))
    (gimp-selection-none image)
    (smp-assert-equal forehead 0.0 "no dots on the forehead")
    (smp-assert (> scalp 0) "dots above the hairline")
    (smp-remove image baked))
  (smp-assert-unchanged before photo "photo pixels unchanged")
  (let ((outline (car (plug-in-smp-hairline #:run-mode RUN-NONINTERACTIVE #:image image
                                            #:drawables (vector photo) #:origin-x 250
                                            #:origin-y 400 #:output-mode "outline" #:merge #t))))
    (smp-assert (> (smp-alpha-count outline 0.5) 0) "the outline has ink")
    (smp-assert (< (smp-alpha-count outline 0.5) (* 0.1 500 420)) "the outline is thin"))
  (gimp-image-delete image))

(smp-log "test-hairline.scm: all assertions passed")
