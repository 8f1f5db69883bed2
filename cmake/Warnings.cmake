add_library(crest_warnings INTERFACE)
target_compile_options(crest_warnings INTERFACE -Wall -Wextra -Wpedantic
  # g++ 12 misreads Asio's coroutine-frame operator new/delete pair in large coroutines
  # (GCC bug 105584-like false positive); the pair is Asio's own and matched.
  -Wno-mismatched-new-delete)
if(CREST_WERROR)
  target_compile_options(crest_warnings INTERFACE -Werror)
endif()
if(CREST_SANITIZE)
  add_compile_options(-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Sanitizer instrumentation makes g++ 12 report maybe-uninitialized inside libstdc++ (std::regex,
  # std::function); those are false positives, the normal build keeps the warning.
  target_compile_options(crest_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
