// Errors raised by the pure core. The PostgreSQL layer reports them with SQLSTATE 22023
// (invalid_parameter_value) unless it knows better.
#pragma once
#include <stdexcept>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

class InvalidArgument : public std::invalid_argument {
public:
    InvalidArgument(std::string message, std::string detail = {}, std::string hint = {})
        : std::invalid_argument(message), detail_(std::move(detail)), hint_(std::move(hint)) {}
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    std::string detail_, hint_;
};

}  // namespace core

}  // namespace pmx
