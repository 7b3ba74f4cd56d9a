; plug-in-smp-analyse from Script-Fu with named arguments: on skin whose left half carries dots
; drawn by plug-in-smp-follicles at a known density, the analysis adds three mask layers (stubble
; on the left, bald scalp on the right), returns that density, the dot size and a report, and
; leaves the photo alone; a grayscale or tiny photo is refused and nothing is added.

(let* ((image (smp-make-image 700 500 RGB 300))
       (photo (smp-first-layer image)))
  (gimp-context-set-foreground '(201 168 131))
  (gimp-drawable-edit-fill photo FILL-FOREGROUND)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 350 500)
  (let ((dots (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:hair-type "dark-brown"
                                     #:skin-tone "monk-5" #:density 60.0 #:dot-size 0.25
                                     #:appearance "fresh" #:seed 3 #:merge #t)))
    (gimp-selection-none image)
    (set! photo (gimp-image-merge-down image dots CLIP-TO-BOTTOM-LAYER)))
  (let* ((before (smp-snapshot photo))
         (result (plug-in-smp-analyse #:run-mode RUN-NONINTERACTIVE #:image image
                                      #:drawables (vector photo)))
         (density (car result))
         (dot-size (cadr result))
         (report (cadddr result))
         (layers (gimp-image-get-layers image)))
    (smp-assert-equal (vector-length layers) 4 "three mask layers added")
    (smp-assert-range density 54.0 66.0 "fringe density of dots drawn at 60 per cm²")
    (smp-assert-range dot-size 0.1 0.625 "fringe dot size, within 2.5 times the drawn 0.25 mm")
    (smp-assert (> (string-length report) 20) "a report")
    (let ((stubble (vector-ref layers 1)))
      (smp-assert (string=? (substring (gimp-item-get-name stubble) 0 7) "Stubble")
                  "the stubble layer")
      (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 300 460)
      (smp-assert-range (car (gimp-drawable-histogram stubble HISTOGRAM-ALPHA 0.0 1.0))
                        200 255 "stubble on the dotted half")
      (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 400 20 280 460)
      (smp-assert-range (car (gimp-drawable-histogram stubble HISTOGRAM-ALPHA 0.0 1.0))
                        0 30 "no stubble on the bare half")
      (gimp-selection-none image))
    (smp-assert-unchanged before photo "photo pixels unchanged"))
  (gimp-image-delete image))

; The analysis refuses the photo of a new width x height image of `type` at 300 ppi.
(define (refused-photo width height type what)
  (let* ((image (smp-make-image width height type 300))
         (photo (smp-first-layer image)))
    (smp-refused image photo what
                 (lambda () (plug-in-smp-analyse #:run-mode RUN-NONINTERACTIVE #:image image
                                                 #:drawables (vector photo))))
    (gimp-image-delete image)))

(refused-photo 700 500 GRAY "a grayscale photo")
(refused-photo 100 80 RGB "a photo 8 mm wide")
