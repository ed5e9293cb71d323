;; The per-rating AdaGrad pass of sgdMf.ts (adaPass) in WebAssembly SIMD, four factors per
;; instruction. Assembled at build time (scripts/lib/wat.ts); loaded by sgdKernel.ts, which falls
;; back to the JS pass where WebAssembly SIMD is missing. Same arithmetic as adaPass in f32 (the
;; JS pass rounds through f64), so the two agree to rounding, not bit for bit.
;;
;; All pointers are byte offsets into the exported memory; k is a multiple of 4 (sgdKernel.ts
;; checks). The ratings are 12-byte rows (user i32, movie i32, stars f32) in the order they are
;; visited: sgdKernel.ts shuffles the rows themselves, so the pass reads them sequentially (a
;; separate index array cost three cache misses a rating at ML-25M's size). With $ahead > 0, the
;; rows `ahead` ratings on are touched (first bytes of P, Q and the user's scalars) so their cache
;; misses overlap the current rating's work; the touched values are only stored at byte 0. Per rating, with e = r - (mu + b_u + b_i + p.q):
;;   b_u -= lrBias / sqrt(G_bu) (l2Bias b_u - e), G_bu += (l2Bias b_u - e)^2 (the same for b_i)
;;   g_p = reg_u p - e q, g_q = reg_i q - e p
;;   p -= lr / sqrt(G_u) g_p, q -= lr / sqrt(G_i) g_q, G_u += |g_p|^2 / k, G_i += |g_q|^2 / k
;; Returns the summed squared error before each update (f64).
(module
  (memory (export "memory") 1)

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

;; One AdaGrad step on factor bytes [b0, b1) of rows p and q, accumulators at gp and gq.
  (func $update (param $p i32) (param $q i32) (param $b0 i32) (param $b1 i32)
    (param $gp i32) (param $gq i32) (param $ev v128) (param $ruv v128) (param $riv v128) (param $lr f32)
    (local $f i32) (local $x v128) (local $y v128) (local $gx v128) (local $gy v128)
    (local $su v128) (local $si v128) (local $etaU v128) (local $etaI v128) (local $inv f32)
    (if (i32.ge_u (local.get $b0) (local.get $b1)) (then (return)))
    (local.set $etaU (f32x4.splat (f32.div (local.get $lr) (f32.sqrt (f32.load (local.get $gp))))))
    (local.set $etaI (f32x4.splat (f32.div (local.get $lr) (f32.sqrt (f32.load (local.get $gq))))))
    (local.set $f (local.get $b0))
    (loop $upd
      (local.set $x (v128.load (i32.add (local.get $p) (local.get $f))))
      (local.set $y (v128.load (i32.add (local.get $q) (local.get $f))))
      (local.set $gx (f32x4.sub (f32x4.mul (local.get $ruv) (local.get $x))
                                (f32x4.mul (local.get $ev) (local.get $y))))
      (local.set $gy (f32x4.sub (f32x4.mul (local.get $riv) (local.get $y))
                                (f32x4.mul (local.get $ev) (local.get $x))))
      (local.set $su (f32x4.add (local.get $su) (f32x4.mul (local.get $gx) (local.get $gx))))
      (local.set $si (f32x4.add (local.get $si) (f32x4.mul (local.get $gy) (local.get $gy))))
      (v128.store (i32.add (local.get $p) (local.get $f))
        (f32x4.sub (local.get $x) (f32x4.mul (local.get $etaU) (local.get $gx))))
      (v128.store (i32.add (local.get $q) (local.get $f))
        (f32x4.sub (local.get $y) (f32x4.mul (local.get $etaI) (local.get $gy))))
      (local.set $f (i32.add (local.get $f) (i32.const 16)))
      (br_if $upd (i32.lt_u (local.get $f) (local.get $b1))))
    ;; G += |g|^2 / dims (bytes / 4)
    (local.set $inv (f32.div (f32.const 4) (f32.convert_i32_u (i32.sub (local.get $b1) (local.get $b0)))))
    (f32.store (local.get $gp) (f32.add (f32.load (local.get $gp)) (f32.mul (call $hsum (local.get $su)) (local.get $inv))))
    (f32.store (local.get $gq) (f32.add (f32.load (local.get $gq)) (f32.mul (call $hsum (local.get $si)) (local.get $inv)))))

  (func (export "adaPass")
    (param $rows i32) (param $from i32) (param $to i32) (param $ahead i32)
    (param $P i32) (param $Q i32) (param $bu i32) (param $bi i32)
    (param $regU i32) (param $regI i32)
    (param $gU i32) (param $gI i32) (param $gBu i32) (param $gBi i32)
    (param $k i32) (param $kSlow i32) (param $slowOnly i32) (param $mu f32) (param $lr f32) (param $lrBias f32) (param $l2Bias f32)
    (result f64)
    (local $s i32) (local $row i32) (local $u i32) (local $i i32)
    (local $pu i32) (local $qi i32) (local $end i32) (local $f i32)
    (local $acc0 v128) (local $acc1 v128)
    (local $ev v128) (local $ruv v128) (local $riv v128)
    (local $e f32) (local $b f32) (local $g f32)
    (local $sse f64)
    (local $at i32) (local $u2 i32) (local $i2 i32) (local $sink i32)
    (local.set $s (local.get $from))
    (block $done
      (loop $rating
        (br_if $done (i32.ge_u (local.get $s) (local.get $to)))
        (local.set $row (i32.add (local.get $rows) (i32.mul (local.get $s) (i32.const 12))))
        (local.set $u (i32.load (local.get $row)))
        (local.set $i (i32.load offset=4 (local.get $row)))
        ;; touch the rows of rating s + ahead
        (if (i32.and (i32.ne (local.get $ahead) (i32.const 0))
                     (i32.lt_u (i32.add (local.get $s) (local.get $ahead)) (local.get $to)))
          (then
            (local.set $at (i32.add (local.get $row) (i32.mul (local.get $ahead) (i32.const 12))))
            (local.set $u2 (i32.load (local.get $at)))
            (local.set $i2 (i32.load offset=4 (local.get $at)))
            (local.set $sink (i32.xor (local.get $sink)
              (i32.xor
                (i32.xor
                  (i32.load (i32.add (local.get $P) (i32.shl (i32.mul (local.get $u2) (local.get $k)) (i32.const 2))))
                  (i32.load (i32.add (local.get $Q) (i32.shl (i32.mul (local.get $i2) (local.get $k)) (i32.const 2)))))
                (i32.xor
                  (i32.xor
                    (i32.load (i32.add (local.get $bu) (i32.shl (local.get $u2) (i32.const 2))))
                    (i32.load (i32.add (local.get $gBu) (i32.shl (local.get $u2) (i32.const 2)))))
                  (i32.xor
                    (i32.load (i32.add (local.get $regU) (i32.shl (local.get $u2) (i32.const 2))))
                    (i32.load (i32.add (local.get $gU) (i32.shl (local.get $u2) (i32.const 3)))))))))))
        (local.set $pu (i32.add (local.get $P) (i32.shl (i32.mul (local.get $u) (local.get $k)) (i32.const 2))))
        (local.set $qi (i32.add (local.get $Q) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
        (local.set $end (i32.add (local.get $pu) (i32.shl (local.get $k) (i32.const 2))))

        ;; dot = p.q with two accumulators (k is a multiple of 4; an odd tail of 4 goes to acc0)
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (i32.add (local.get $pu) (local.get $f)) (local.get $end)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load (i32.add (local.get $pu) (local.get $f)))
                         (v128.load (i32.add (local.get $qi) (local.get $f))))))
            (local.set $f (i32.add (local.get $f) (i32.const 16)))
            (br_if $dotDone (i32.ge_u (i32.add (local.get $pu) (local.get $f)) (local.get $end)))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (v128.load (i32.add (local.get $pu) (local.get $f)))
                         (v128.load (i32.add (local.get $qi) (local.get $f))))))
            (local.set $f (i32.add (local.get $f) (i32.const 16)))
            (br $dot)))

        ;; e = r - (mu + b_u + b_i + dot)
        (local.set $e
          (f32.sub
            (f32.load offset=8 (local.get $row))
            (f32.add
              (f32.add (local.get $mu)
                (f32.add (f32.load (i32.add (local.get $bu) (i32.shl (local.get $u) (i32.const 2))))
                         (f32.load (i32.add (local.get $bi) (i32.shl (local.get $i) (i32.const 2))))))
              (call $hsum (f32x4.add (local.get $acc0) (local.get $acc1))))))
        (local.set $sse (f64.add (local.get $sse)
          (f64.promote_f32 (f32.mul (local.get $e) (local.get $e)))))

        ;; user bias
        (local.set $b (f32.load (i32.add (local.get $bu) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $g (f32.sub (f32.mul (local.get $l2Bias) (local.get $b)) (local.get $e)))
        (f32.store (i32.add (local.get $bu) (i32.shl (local.get $u) (i32.const 2)))
          (f32.sub (local.get $b)
            (f32.mul (f32.div (local.get $lrBias)
                       (f32.sqrt (f32.load (i32.add (local.get $gBu) (i32.shl (local.get $u) (i32.const 2))))))
                     (local.get $g))))
        (f32.store (i32.add (local.get $gBu) (i32.shl (local.get $u) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $gBu) (i32.shl (local.get $u) (i32.const 2))))
                   (f32.mul (local.get $g) (local.get $g))))
        ;; movie bias
        (local.set $b (f32.load (i32.add (local.get $bi) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $g (f32.sub (f32.mul (local.get $l2Bias) (local.get $b)) (local.get $e)))
        (f32.store (i32.add (local.get $bi) (i32.shl (local.get $i) (i32.const 2)))
          (f32.sub (local.get $b)
            (f32.mul (f32.div (local.get $lrBias)
                       (f32.sqrt (f32.load (i32.add (local.get $gBi) (i32.shl (local.get $i) (i32.const 2))))))
                     (local.get $g))))
        (f32.store (i32.add (local.get $gBi) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $gBi) (i32.shl (local.get $i) (i32.const 2))))
                   (f32.mul (local.get $g) (local.get $g))))

        ;; factors: dims [0, kSlow) with the rows' first accumulators, [kSlow, k) with the second
        (local.set $ev (f32x4.splat (local.get $e)))
        (local.set $ruv (f32x4.splat (f32.load (i32.add (local.get $regU) (i32.shl (local.get $u) (i32.const 2))))))
        (local.set $riv (f32x4.splat (f32.load (i32.add (local.get $regI) (i32.shl (local.get $i) (i32.const 2))))))
        (call $update (local.get $pu) (local.get $qi) (i32.const 0) (i32.shl (local.get $kSlow) (i32.const 2))
          (i32.add (local.get $gU) (i32.shl (local.get $u) (i32.const 3)))
          (i32.add (local.get $gI) (i32.shl (local.get $i) (i32.const 3)))
          (local.get $ev) (local.get $ruv) (local.get $riv) (local.get $lr))
        (if (i32.eqz (local.get $slowOnly))
          (then
            (call $update (local.get $pu) (local.get $qi)
              (i32.shl (local.get $kSlow) (i32.const 2)) (i32.shl (local.get $k) (i32.const 2))
              (i32.add (local.get $gU) (i32.add (i32.shl (local.get $u) (i32.const 3)) (i32.const 4)))
              (i32.add (local.get $gI) (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const 4)))
              (local.get $ev) (local.get $ruv) (local.get $riv) (local.get $lr))))

        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $rating)))
    (i32.store (i32.const 0) (local.get $sink))
    (local.get $sse))
)
