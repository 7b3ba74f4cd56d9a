; plug-in-smp-stencil from Script-Fu with named arguments: a true-scale image is returned, its
; calibration bar measures 50 mm at the image's resolution, a PDF is written; a page too narrow
; for the calibration bar is refused. (test-stencil.py measures the PDF's page size.)

(define (stencil-file-head path n)
  (let ((port (open-input-file path)))
    (let loop ((i 0) (chars '()))
      (let ((c (if (< i n) (read-char port) #f)))
        (if (or (not c) (eof-object? c))
            (begin (close-input-port port) (list->string (reverse chars)))
            (loop (+ i 1) (cons c chars)))))))

(define (stencil-layer-named image name)
  (let loop ((layers (vector->list (gimp-image-get-layers image))))
    (cond ((null? layers) (smp-fail "the stencil has no layer " name))
          ((equal? (gimp-item-get-name (car layers)) name) (car layers))
          (else (loop (cdr layers))))))

(let* ((pdf (string-append smp-test-dir "/stencil-scheme.pdf"))
       (ppi 200.0)
       (px-per-mm (/ ppi 25.4))
       (width-mm 140.0)
       (height-mm 100.0)
       (image (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:ppi ppi #:view "front"
                                   #:hairline-height 75.0 #:temple-width 105.0
                                   #:shape "m-shape" #:transition 10.0 #:irregularity 0.3
                                   #:asymmetry 1.5 #:seed 11 #:width width-mm
                                   #:height height-mm #:dots #f #:file pdf))
       (res (gimp-image-get-resolution image))
       (bar (stencil-layer-named image "Calibration bar 50 mm"))
       ; The extent of the bar's ink, taken as a selection from its alpha.
       (bounds (begin (gimp-image-select-item image CHANNEL-OP-REPLACE bar)
                      (gimp-selection-bounds image)))
       (bar-mm (/ (- (list-ref bounds 3) (list-ref bounds 1)) px-per-mm)))
  (smp-assert-equal res (list ppi ppi) "the resolution is the design ppi")
  (smp-assert-range (gimp-image-get-width image) (- (* width-mm px-per-mm) 0.5)
                    (+ (* width-mm px-per-mm) 0.5) "width in px")
  (smp-assert-range (gimp-image-get-height image) (- (* height-mm px-per-mm) 0.5)
                    (+ (* height-mm px-per-mm) 0.5) "height in px")
  (smp-assert-range bar-mm (- 50.0 (/ 1.0 px-per-mm)) (+ 50.0 (/ 1.0 px-per-mm))
                    "calibration bar length in mm (within a pixel)")
  (smp-assert-equal (stencil-file-head pdf 5) "%PDF-" "the PDF was written")
  (gimp-image-delete image))

; Too narrow for a 50 mm bar plus margins: GIMP refuses the width.
(smp-assert-error (lambda ()
                    (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:width 40.0
                                         #:height 80.0 #:ppi 150.0))
                  "a 40 mm wide page")
