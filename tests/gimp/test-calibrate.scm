; plug-in-smp-calibrate from Script-Fu with named arguments: two points 590.55 px apart on a
; 50 mm ruler give 300 ppi; a two-point path works too; coincident points and a zero distance are
; refused and leave the resolution alone; the photo's pixels never change.

(define (calibrate-close? a b tolerance) (<= (abs (- a b)) tolerance))

(let* ((image (smp-make-image 900 700 RGB 72))
       (photo (smp-first-layer image))
       (before (smp-snapshot photo))
       (x1 30.0)
       (y1 40.0)
       ; A slanted ruler: a 3-4-5 triangle, 590.55 px long.
       (dx 354.33)
       (dy 472.44)
       (want (/ (sqrt (+ (* dx dx) (* dy dy))) (/ 50.0 25.4))))

  ; Two points on the ruler, the ruler-50mm reference.
  (let* ((ppi (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                     #:drawables (vector photo) #:reference "ruler-50mm"
                                     #:x1 x1 #:y1 y1 #:x2 (+ x1 dx) #:y2 (+ y1 dy)))
         (res (gimp-image-get-resolution image)))
    (smp-assert (calibrate-close? ppi want (* 1e-6 want)) "returned ppi " ppi ", want " want)
    (smp-assert-range ppi 299.99 300.01 "ppi for 590.55 px over 50 mm")
    (smp-assert (calibrate-close? (car res) ppi 1e-6) "x resolution " (car res))
    (smp-assert (calibrate-close? (cadr res) ppi 1e-6) "y resolution " (cadr res)))

  ; A two-point path and a custom distance.
  (let ((path (gimp-path-new image "ruler")))
    (gimp-image-insert-path image path 0 0)
    (gimp-path-stroke-new-from-points path PATH-STROKE-TYPE-BEZIER
                                      (vector 100.0 100.0 100.0 100.0 100.0 100.0
                                              500.0 100.0 500.0 100.0 500.0 100.0)
                                      #f)
    (smp-assert-range (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                             #:drawables (vector photo) #:path path
                                             #:distance 80.0)
                      (- (/ 400.0 (/ 80.0 25.4)) 1e-6) (+ (/ 400.0 (/ 80.0 25.4)) 1e-6)
                      "ppi from a 400 px path over 80 mm"))

  ; Bad input: an error, and the resolution stays.
  (let ((kept (car (gimp-image-get-resolution image))))
    (smp-assert-error (lambda ()
                        (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                               #:drawables (vector photo) #:distance 50.0
                                               #:x1 10.0 #:y1 10.0 #:x2 10.0 #:y2 10.0))
                      "coincident points")
    (smp-assert-error (lambda ()
                        (plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                                               #:drawables (vector photo) #:distance 0.0
                                               #:x1 0.0 #:y1 0.0 #:x2 100.0 #:y2 0.0))
                      "a distance of 0 mm")
    (smp-assert-equal (car (gimp-image-get-resolution image)) kept
                      "refused calls keep the resolution"))

  (smp-assert-unchanged before photo "photo pixels unchanged by calibration")
  (gimp-image-delete image))
