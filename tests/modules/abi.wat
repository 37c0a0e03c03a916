;; Marine ABI test module (hand-written): echoes every IT type back, reads its arguments, calls the host API,
;; logs, spins, traps and exhausts memory on request. Packed by MarineModulePacker with abi.signature.json.
(module
  (import "__marine_host_api_v3" "log_utf8_string" (func $log (param i32 i32 i32 i32)))
  (import "__marine_host_api_v3" "get_call_parameters" (func $get_call_parameters))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $result_ptr (mut i32) (i32.const 0))
  (global $result_size (mut i32) (i32.const 0))

  ;; Bump allocator; release_objects resets it (results are lifted before the host releases them).
  (func (export "allocate") (param $n i32) (param $tag i32) (result i32)
    (local $p i32) (local $end i32) (local $have i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16)) (i32.const 1))) (i32.const -1))
          (then unreachable))))
    (global.set $heap (local.get $end))
    (local.get $p))
  (func (export "release_objects") (global.set $heap (i32.const 1024)))
  (func (export "get_result_ptr") (result i32) (global.get $result_ptr))
  (func (export "get_result_size") (result i32) (global.get $result_size))
  (func (export "set_result_ptr") (param i32) (global.set $result_ptr (local.get 0)))
  (func (export "set_result_size") (param i32) (global.set $result_size (local.get 0)))

  ;; (ptr, len|count) -> same value back
  (func (export "echo_string") (export "echo_bytes") (export "echo_strings") (export "echo_outers")
    (param $p i32) (param $n i32)
    (global.set $result_ptr (local.get $p))
    (global.set $result_size (local.get $n)))
  ;; record pointer -> same record back
  (func (export "echo_outer") (export "echo_scalars") (param $p i32)
    (global.set $result_ptr (local.get $p)))
  (func (export "echo_s8") (export "echo_s16") (export "echo_u8") (export "echo_u16") (export "echo_u32") (export "echo_bool")
    (param i32) (result i32) (local.get 0))
  (func (export "echo_s64") (export "echo_u64") (param i64) (result i64) (local.get 0))
  (func (export "echo_f32") (param f32) (result f32) (local.get 0))
  (func (export "echo_f64") (param f64) (result f64) (local.get 0))
  (func (export "add_s32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "string_length") (param $p i32) (param $n i32) (result i32) (local.get $n))
  (func (export "sum_bytes") (param $p i32) (param $n i32) (result i64)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i64.add (local.get $sum) (i64.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; The host lowers CallParameters into our memory and calls set_result_ptr.
  (func (export "call_parameters") (call $get_call_parameters))
  (func (export "log_info") (param $p i32) (param $n i32) (call $log (i32.const 3) (i32.const 0) (local.get $p) (local.get $n)))
  (func (export "log_masked") (param $p i32) (param $n i32) (call $log (i32.const 2) (i32.const 4) (local.get $p) (local.get $n)))

  (func (export "spin") (loop $forever (br $forever)))
  ;; Recurses depth times on the native Wasm stack (the max stack size decides where it overflows).
  (func $recurse (export "recurse") (param $depth i32) (result i32)
    (if (result i32) (i32.eqz (local.get $depth))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $recurse (i32.sub (local.get $depth) (i32.const 1)))))))
  (func (export "crash") unreachable)
  ;; Grows memory 1 MiB at a time until refused, then aborts as a Rust allocator would.
  (func (export "bomb")
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    unreachable)
)
