; plug-in-smp-follicles from Script-Fu with named arguments: a new dot layer above the photo,
; dots covering a plausible area for the density, dot size and area, the photo's pixels
; unchanged; selections, layer groups and offsets, grayscale; errors for unscaled and indexed
; images.
;
; Pigment-appearance dots are discs of the given mean diameter: the pixels with alpha >= 0.5 must
; cover 0.5 to 1.5 times the area of (density x area) such discs (overlaps and size jitter move it).

(define ppi 300)

; RGB, whole layer, baked.
(let* ((image (smp-make-image 240 180 RGB ppi))
       (photo (smp-first-layer image))
       (before (smp-snapshot photo))
       (layer (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:hair-type "black-coarse"
                                     #:skin-tone "monk-5" #:density 60 #:dot-size 0.3
                                     #:appearance "fresh" #:seed 3 #:merge #t))
       (layers (gimp-image-get-layers image))
       (ink (smp-dots-area (smp-expected-dots (smp-area photo) 60 ppi) 0.3 ppi))
       (inked (smp-alpha-count layer 0.5)))
  (smp-assert-equal (vector-length layers) 2 "one layer added")
  (smp-assert (= (vector-ref layers 0) layer) "the new layer is directly above the photo")
  (smp-assert-equal (list (gimp-drawable-get-width layer) (gimp-drawable-get-height layer))
                    (list 240 180) "the dot layer covers the photo")
  (smp-assert-equal (smp-filter-names layer) '() "merge leaves no effect on the layer")
  (smp-assert-range inked (* 0.5 ink) (* 1.5 ink) "inked pixels of the baked dots")
  (smp-assert-unchanged before photo "photo pixels unchanged")
  (gimp-image-delete image))

; Non-destructive by default; a selection limits the layer to its bounds and shape; a layer with
; offsets inside a layer group keeps its place.
(let* ((image (smp-make-image 300 200 RGB ppi))
       (photo (smp-first-layer image))
       (group (gimp-group-layer-new image "head"))
       (dummy (begin (gimp-image-insert-layer image group 0 0)
                     (gimp-image-reorder-item image photo group 0)
                     (gimp-layer-set-offsets photo 20 10)
                     (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 40 30 160 120)))
       (before (smp-snapshot photo))
       (layer (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:hair-type "dark-brown"
                                     #:skin-tone "fitzpatrick-3" #:coverage 0.7 #:density 70
                                     #:dot-size 0.3 #:appearance "fresh"))
       (baked (smp-baked-copy image layer))
       ; Outside the ellipse, 2 px clear of its anti-aliased edge.
       (outside (begin (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 38 28 164 124)
                       (gimp-selection-invert image)
                       (smp-alpha-count baked 0.02)))
       (inked (begin (gimp-selection-none image) (smp-alpha-count baked 0.5)))
       (ink (smp-dots-area (* 0.7 (smp-expected-dots (* 0.785398 160 120) 70 ppi)) 0.3 ppi)))
  (smp-assert-equal (smp-filter-names layer) '("smp:follicle-dots") "the dots are an effect")
  (smp-assert-equal (gimp-item-get-parent layer) group "the layer stays in the photo's group")
  (smp-assert-equal (gimp-image-get-item-position image layer) 0 "above the photo in the group")
  (smp-assert-equal (gimp-drawable-get-offsets layer) '(40 30) "the layer starts at the selection")
  (smp-assert-equal (list (gimp-drawable-get-width layer) (gimp-drawable-get-height layer))
                    '(160 120) "the layer has the selection's size")
  (smp-assert-equal outside 0.0 "no ink outside the elliptic selection")
  (smp-assert-range inked (* 0.5 ink) (* 1.5 ink) "inked pixels in the elliptic selection")
  (smp-assert-unchanged before photo "photo pixels unchanged with a selection")
  ; One undo step removes all the procedure did.
  (gimp-image-delete image))

; Grayscale works; indexed and unscaled images are refused.
(let* ((image (smp-make-image 120 90 GRAY 600))
       (photo (smp-first-layer image))
       (layer (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:merge #t)))
  (smp-assert (> (smp-alpha-count layer 0.5) 0) "grayscale image gets dots")
  (gimp-image-delete image))

(let* ((image (smp-make-image 120 90 RGB 72))
       (photo (smp-first-layer image)))
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)))
                    "an unscaled 72 ppi image without ppi")
  (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image #:drawables (vector photo)
                         #:ppi 300 #:merge #t)
  (smp-assert-equal (vector-length (gimp-image-get-layers image)) 2 "ppi makes 72 ppi work")
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)
                                                      #:ppi 300 #:density 500))
                    "density 500")
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)
                                                      #:ppi 300 #:years 11))
                    "years 11")
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)
                                                      #:ppi 300 #:viewing-distance -1))
                    "viewing-distance -1")
  (smp-assert-equal (vector-length (gimp-image-get-layers image)) 2
                    "refused calls add no layer")
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)
                                                      #:ppi 300 #:hair-type "purple"))
                    "hair-type purple")
  (gimp-image-convert-indexed image CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 #f #f "")
  (smp-assert-error (lambda () (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE
                                                      #:image image #:drawables (vector photo)
                                                      #:ppi 300))
                    "an indexed image")
  (gimp-image-delete image))

; plug-in-smp-presets: the names scripts may pass.
(let* ((presets (plug-in-smp-presets #:run-mode RUN-NONINTERACTIVE))
       (hair (smp->list (list-ref presets 0)))
       (skin (smp->list (list-ref presets 2))))
  (smp-assert (member "black-coarse" hair) "black-coarse is a hair type")
  (smp-assert (member "salt-and-pepper" hair) "salt-and-pepper is a hair type")
  (smp-assert (member "monk-10" skin) "monk-10 is a skin tone")
  (smp-assert (member "fitzpatrick-6" skin) "fitzpatrick-6 is a skin tone")
  (smp-assert-equal (smp->list (list-ref presets 4)) '() "no preset problems")
  (smp-log "ok: plug-in-smp-presets lists " (length hair) " hair types and " (length skin)
           " skin tones"))

;; The op from Script-Fu's filter call, its properties by the same keywords: output-mode
;; "dots" inks a few pixels of a transparent layer, "stencil" makes it opaque white with black dots.
(let* ((image (gimp-image-new 200 150 RGB))
       (ink (lambda (mode)
              (let ((layer (gimp-layer-new image mode 200 150 RGBA-IMAGE 100 LAYER-MODE-NORMAL)))
                (gimp-image-insert-layer image layer 0 0)
                (gimp-drawable-merge-new-filter layer "smp:follicle-dots" 0 LAYER-MODE-REPLACE 1.0
                                                "ppi" 300.0 "density" 60.0 "appearance" "fresh"
                                                "output-mode" mode)
                (smp-alpha-count layer 0.5))))
       (dots (ink "dots"))
       (stencil (ink "stencil")))
  (smp-assert-range dots 1 (* 0.2 200 150) "output-mode dots: inked pixels")
  (smp-assert-equal stencil (* 200.0 150) "output-mode stencil: every pixel opaque")
  (gimp-image-delete image))

(smp-log "test-follicles.scm: all assertions passed")
