; plug-in-smp-stencil from Script-Fu with named arguments: a true-scale image is returned and a
; PDF is written; a page too narrow for the calibration bar is refused.

(define (stencil-first-value r) (if (and (pair? r) (null? (cdr r))) (car r) r))
(define (stencil-check what ok)
  (if (not ok) (error (string-append "test-stencil.scm: " what))))

(define (stencil-file-head path n)
  (let ((port (open-input-file path)))
    (if (not port)
        ""
        (let loop ((i 0) (chars '()))
          (let ((c (if (< i n) (read-char port) #f)))
            (if (or (not c) (eof-object? c))
                (begin (close-input-port port) (list->string (reverse chars)))
                (loop (+ i 1) (cons c chars))))))))

(let* ((pdf (string-append smp-test-dir "/stencil-scheme.pdf"))
       (ppi 200.0)
       (width-mm 140.0)
       (height-mm 100.0)
       (image (stencil-first-value
               (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:ppi ppi #:view "front"
                                    #:hairline-height 75.0 #:temple-width 105.0
                                    #:shape "m-shape" #:transition 10.0 #:irregularity 0.3
                                    #:asymmetry 1.5 #:seed 11 #:width width-mm
                                    #:height height-mm #:dots FALSE #:file pdf)))
       (res (gimp-image-get-resolution image))
       (px-per-mm (/ ppi 25.4)))
  (stencil-check "x resolution is the design ppi" (= (car res) ppi))
  (stencil-check "y resolution is the design ppi" (= (cadr res) ppi))
  (stencil-check "width in pixels is the width in mm at ppi"
                 (<= (abs (- (stencil-first-value (gimp-image-get-width image))
                             (* width-mm px-per-mm)))
                     0.5))
  (stencil-check "height in pixels is the height in mm at ppi"
                 (<= (abs (- (stencil-first-value (gimp-image-get-height image))
                             (* height-mm px-per-mm)))
                     0.5))
  (stencil-check "the PDF was written" (equal? (stencil-file-head pdf 5) "%PDF-"))
  (gimp-image-delete image))

; Too narrow for a 50 mm bar plus margins: GIMP refuses the width.
(stencil-check "a 40 mm wide page is refused"
               (catch #t
                      (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:width 40.0
                                           #:height 80.0 #:ppi 150.0)
                      #f))

(display "test-stencil.scm: ok")
(newline)
