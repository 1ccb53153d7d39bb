// Package flowmock holds the vocabulary shared by the mock's packages: the one error type,
// which carries an Alibaba error code, and the codes the mock raises itself.
//
// The HTTP status of each code is not here: it comes from the contract's error catalogue
// (openapi/cloudflow.yaml), read by package mock.
//
// The packages and how a request runs through them are drawn in README.md ("Architecture"):
// the use cases in emulator (no HTTP), one store.Session per X-Mock-Session, the API and the
// control plane in mock, each served from its OpenAPI document in openapi.
package flowmock

import (
	"errors"
	"fmt"
)

// Code is an Alibaba Cloud error code, such as "FlowNotExists".
type Code string

// The codes of the CloudFlow error catalogue. Their statuses and documented messages live in
// the contract; a test checks that every constant here is declared there.
const (
	ActionNotSupported        Code = "ActionNotSupported"
	APIVersionNotSupported    Code = "APIVersionNotSupported"
	EntityTooLarge            Code = "EntityTooLarge"
	InvalidArgument           Code = "InvalidArgument"
	MissingRequiredHeader     Code = "MissingRequiredHeader"
	MissingRequiredParams     Code = "MissingRequiredParams"
	AccessDenied              Code = "AccessDenied"
	InvalidAccessKeyID        Code = "InvalidAccessKeyID"
	RequestTimeTooSkewed      Code = "RequestTimeTooSkewed"
	SignatureNotMatch         Code = "SignatureNotMatch"
	FlowNotExists             Code = "FlowNotExists"
	FlowAlreadyExists         Code = "FlowAlreadyExists"
	ScheduleNotExists         Code = "ScheduleNotExists"
	ScheduleAlreadyExists     Code = "ScheduleAlreadyExists"
	ConcurrentUpdateError     Code = "ConcurrentUpdateError"
	ExecutionNotExists        Code = "ExecutionNotExists"
	ExecutionAlreadyExists    Code = "ExecutionAlreadyExists"
	ExecutionAlreadyCompleted Code = "ExecutionAlreadyCompleted"
	TaskAlreadyCompleted      Code = "TaskAlreadyCompleted"
	TaskInvalidState          Code = "TaskInvalidState"
	PreconditionFailed        Code = "PreconditionFailed"
	UnsupportedMediaType      Code = "UnsupportedMediaType"
	ResourceThrottled         Code = "ResourceThrottled"
	InternalServerError       Code = "InternalServerError"
)

// Error is an error the mock answers with: an Alibaba code and a message for people.
type Error struct {
	Code    Code
	Message string
}

// Error returns "Code: Message".
func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, InternalServerError for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return InternalServerError
}

// ErrorMessage returns the message of the *Error in err's chain, or the documented generic
// message for any other error, so internals never leak to clients.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error has occurred. Please retry."
}
