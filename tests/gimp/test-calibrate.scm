; plug-in-smp-calibrate from Script-Fu with named arguments: two points 590.55 px apart on a
; 50 mm ruler give 300 ppi; a path works too; coincident points are refused.

(define (calibrate-first-value r) (if (pair? r) (car r) r))
(define (calibrate-check what ok)
  (if (not ok) (error (string-append "test-calibrate.scm: " what))))
(define (calibrate-close? a b tolerance) (<= (abs (- a b)) tolerance))

(let* ((image (calibrate-first-value (gimp-image-new 900 700 RGB)))
       (layer (calibrate-first-value
               (gimp-layer-new image "photo" 900 700 RGB-IMAGE 100 LAYER-MODE-NORMAL)))
       (x1 30.0) (y1 40.0)
       (dx 354.33) (dy 472.44)
       (pixels (sqrt (+ (* dx dx) (* dy dy))))
       (want (/ pixels (/ 50.0 25.4))))
  (gimp-image-insert-layer image layer 0 0)

  ; Two points on the ruler, the ruler-50mm reference.
  (let* ((ppi (calibrate-first-value
               (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                      #:drawables (vector layer) #:reference "ruler-50mm"
                                      #:x1 x1 #:y1 y1 #:x2 (+ x1 dx) #:y2 (+ y1 dy))))
         (res (gimp-image-get-resolution image)))
    (calibrate-check "returned ppi" (calibrate-close? ppi want (* 1e-6 want)))
    (calibrate-check "300 ppi for 590.55 px over 50 mm" (calibrate-close? ppi 300.0 0.01))
    (calibrate-check "image x resolution" (calibrate-close? (car res) ppi 1e-6))
    (calibrate-check "image y resolution" (calibrate-close? (cadr res) ppi 1e-6)))

  ; A two-point path and a custom distance.
  (let* ((path (calibrate-first-value (gimp-path-new image "ruler")))
         (ppi 0))
    (gimp-image-insert-path image path 0 0)
    (gimp-path-stroke-new-from-points path PATH-STROKE-TYPE-BEZIER
                                      (vector 100.0 100.0 100.0 100.0 100.0 100.0
                                              500.0 100.0 500.0 100.0 500.0 100.0)
                                      FALSE)
    (set! ppi (calibrate-first-value
               (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                      #:drawables (vector layer) #:path path
                                      #:distance 80.0)))
    (calibrate-check "ppi from a path" (calibrate-close? ppi (/ 400.0 (/ 80.0 25.4)) 1e-6)))

  ; Coincident points: an error, and the resolution stays.
  (let ((before (car (gimp-image-get-resolution image)))
        (failed (catch #t
                       (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                              #:drawables (vector layer) #:distance 50.0
                                              #:x1 10.0 #:y1 10.0 #:x2 10.0 #:y2 10.0)
                       #f)))
    (calibrate-check "coincident points are refused" failed)
    (calibrate-check "a refused call keeps the resolution"
                     (= before (car (gimp-image-get-resolution image)))))

  ; A zero distance is outside the argument's range.
  (calibrate-check "distance 0 is refused"
                   (catch #t
                          (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                                 #:drawables (vector layer) #:distance 0.0
                                                 #:x1 0.0 #:y1 0.0 #:x2 100.0 #:y2 0.0)
                          #f))

  (gimp-image-delete image)
  (display "test-calibrate.scm: ok")
  (newline))
