;; Imports a host function that does not exist: loading it must fail with a clear link error.
(module
  (import "__marine_host_api_v3" "launch_missiles" (func $launch (param i32)))
  (memory (export "memory") 1)
  (func (export "allocate") (param i32 i32) (result i32) (i32.const 0))
  (func (export "release_objects"))
  (func (export "get_result_ptr") (result i32) (i32.const 0))
  (func (export "get_result_size") (result i32) (i32.const 0))
  (func (export "set_result_ptr") (param i32))
  (func (export "set_result_size") (param i32))
  (func (export "fire") (call $launch (i32.const 1)))
)
