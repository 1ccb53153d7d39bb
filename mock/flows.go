package mock

import (
	"context"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/store"
)

// CreateFlow checks the definition (both FDL dialects) and creates the flow in the session.
func (h handler) CreateFlow(_ context.Context, req cloudflow.CreateFlowRequestObject) (cloudflow.CreateFlowResponseObject, error) {
	p := req.Params
	def, err := checkDefinition(p.Name, p.Definition)
	if err != nil {
		return nil, err
	}
	f, err := h.session().CreateFlow(store.Flow{
		Name: p.Name, Definition: p.Definition, Parsed: def, Description: p.Description, Type: string(p.Type),
		RoleArn: deref(p.RoleArn), ExecutionMode: string(deref(p.ExecutionMode)),
		ExternalStorageLocation: deref(p.ExternalStorageLocation), ResourceGroupID: deref(p.ResourceGroupId),
		Environment: variables(p.Environment),
	})
	if err != nil {
		return nil, err
	}
	if r, ok := h.flowAnswer(&f); ok {
		return r, nil
	}
	return cloudflow.CreateFlow200JSONResponse(withID(flowOut(f), h.call.requestID)), nil
}

// DescribeFlow returns the flow; with FlowVersion, the definition of that version.
func (h handler) DescribeFlow(_ context.Context, req cloudflow.DescribeFlowRequestObject) (cloudflow.DescribeFlowResponseObject, error) {
	p := req.Params
	ss := h.session()
	f, err := ss.Flow(p.Name)
	if err != nil {
		return nil, err
	}
	if p.FlowVersion != nil {
		v, err := ss.Version(p.Name, *p.FlowVersion)
		if err != nil {
			return nil, err
		}
		f.Definition = v.Definition
	}
	if r, ok := h.flowAnswer(&f); ok {
		return r, nil
	}
	return cloudflow.DescribeFlow200JSONResponse(withID(flowOut(f), h.call.requestID)), nil
}

// UpdateFlow changes the given fields; a new definition is checked first.
func (h handler) UpdateFlow(_ context.Context, req cloudflow.UpdateFlowRequestObject) (cloudflow.UpdateFlowResponseObject, error) {
	p := req.Params
	var def *fdl.Definition
	if p.Definition != nil {
		var err error
		if def, err = checkDefinition(p.Name, *p.Definition); err != nil {
			return nil, err
		}
	}
	patch := store.FlowPatch{Definition: p.Definition, Parsed: def, Description: p.Description, RoleArn: p.RoleArn, ExternalStorageLocation: p.ExternalStorageLocation}
	if p.Type != nil {
		t := string(*p.Type)
		patch.Type = &t
	}
	if p.Environment != nil {
		vs := variables(p.Environment)
		patch.Environment = &vs
	}
	f, err := h.session().UpdateFlow(p.Name, patch)
	if err != nil {
		return nil, err
	}
	out := flowOut(f)
	return cloudflow.UpdateFlow200JSONResponse{
		Name: out.Name, Id: out.Id, Type: out.Type, Definition: out.Definition, Description: out.Description,
		RoleArn: out.RoleArn, ExternalStorageLocation: out.ExternalStorageLocation, CreatedTime: out.CreatedTime,
		LastModifiedTime: out.LastModifiedTime, ResourceGroupId: out.ResourceGroupId, Environment: out.Environment,
		RequestId: h.call.requestID,
	}, nil
}

// DeleteFlow removes the flow with its executions, versions, aliases and schedules.
func (h handler) DeleteFlow(_ context.Context, req cloudflow.DeleteFlowRequestObject) (cloudflow.DeleteFlowResponseObject, error) {
	if err := h.session().DeleteFlow(req.Params.Name); err != nil {
		return nil, err
	}
	h.srv.emu.Unschedule(h.session(), req.Params.Name)
	return cloudflow.DeleteFlow200JSONResponse{RequestId: h.call.requestID}, nil
}

// ListFlows pages the session's flows in creation order.
func (h handler) ListFlows(_ context.Context, req cloudflow.ListFlowsRequestObject) (cloudflow.ListFlowsResponseObject, error) {
	p := req.Params
	group := deref(p.ResourceGroupId)
	after, err := h.cursor("ListFlows", group)
	if err != nil {
		return nil, err
	}
	ss := h.session()
	out := cloudflow.ListFlows200JSONResponse{RequestId: h.call.requestID, Flows: []cloudflow.Flow{}}
	limit := limitOf(p.Limit)
	for {
		flows, next := ss.ListFlows(after, limit-len(out.Flows))
		for _, f := range flows {
			if group == "" || f.ResourceGroupID == group {
				out.Flows = append(out.Flows, flowOut(f))
			}
		}
		after = next
		if next == 0 || len(out.Flows) == limit {
			break
		}
	}
	out.NextToken = h.nextToken(after, "ListFlows", group)
	return out, nil
}

// flowOut is the contract's view of a flow.
func flowOut(f store.Flow) cloudflow.Flow {
	mode := cloudflow.ExecutionMode(f.ExecutionMode)
	return cloudflow.Flow{
		Name: f.Name, Id: f.ID, Type: cloudflow.FlowType(f.Type), Definition: f.Definition,
		Description: ptr(f.Description), RoleArn: ptr(f.RoleArn), ExecutionMode: &mode,
		ExternalStorageLocation: ptr(f.ExternalStorageLocation), ResourceGroupId: ptr(f.ResourceGroupID),
		CreatedTime: cftime.Time{Time: f.Created}, LastModifiedTime: cftime.Time{Time: f.Modified},
		Environment: environment(f.Environment),
	}
}

// withID is a flow as a Create/Describe answer.
func withID(f cloudflow.Flow, requestID string) cloudflow.DescribeFlowResult {
	return cloudflow.DescribeFlowResult{
		Name: f.Name, Id: f.Id, Type: f.Type, Definition: f.Definition, Description: f.Description,
		RoleArn: f.RoleArn, ExecutionMode: f.ExecutionMode, ExternalStorageLocation: f.ExternalStorageLocation,
		CreatedTime: f.CreatedTime, LastModifiedTime: f.LastModifiedTime, ResourceGroupId: f.ResourceGroupId,
		Environment: f.Environment, RequestId: requestID,
	}
}

func variables(env *cloudflow.Environment) []store.Variable {
	if env == nil || env.Variables == nil {
		return nil
	}
	out := make([]store.Variable, 0, len(*env.Variables))
	for _, v := range *env.Variables {
		out = append(out, store.Variable{Name: v.Name, Value: deref(v.Value), Description: deref(v.Description)})
	}
	return out
}

func environment(vs []store.Variable) *cloudflow.Environment {
	if vs == nil {
		return nil
	}
	out := make([]cloudflow.EnvironmentVariable, 0, len(vs))
	for _, v := range vs {
		out = append(out, cloudflow.EnvironmentVariable{Name: v.Name, Value: ptr(v.Value), Description: ptr(v.Description)})
	}
	return &cloudflow.Environment{Variables: &out}
}

// ptr is nil for "", so optional fields the flow does not have are omitted.
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
