# Debian 12 packages only; see README "Dependencies".
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json url)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
if(CREST_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
  find_package(CURL REQUIRED)
endif()
