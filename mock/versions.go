package mock

import (
	"context"
	"strconv"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/store"
)

// PublishFlowVersion snapshots the flow's current definition as its next version.
func (h handler) PublishFlowVersion(_ context.Context, req cloudflow.PublishFlowVersionRequestObject) (cloudflow.PublishFlowVersionResponseObject, error) {
	p := req.Params
	v, err := h.session().PublishVersion(p.FlowName, deref(p.Description))
	if err != nil {
		return nil, err
	}
	return cloudflow.PublishFlowVersion200JSONResponse{
		FlowName: v.Flow, Version: v.Version, Description: ptr(v.Description),
		CreatedTime: cftime.Time{Time: v.Created}, RequestId: h.call.requestID,
	}, nil
}

// ListFlowVersions pages the flow's versions, oldest first.
func (h handler) ListFlowVersions(_ context.Context, req cloudflow.ListFlowVersionsRequestObject) (cloudflow.ListFlowVersionsResponseObject, error) {
	p := req.Params
	limit := defaultLimit
	if p.Limit != nil {
		// The SDK sends this Limit as a string; the contract checks it is digits.
		n, err := strconv.Atoi(*p.Limit)
		if err != nil || n < 1 || n > 1000 {
			return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Limit: must be an integer from 1 to 1000, got %s.", quote(*p.Limit))
		}
		limit = n
	}
	after, err := h.cursor("ListFlowVersions", p.FlowName)
	if err != nil {
		return nil, err
	}
	vs, next, err := h.session().ListVersions(p.FlowName, after, limit)
	if err != nil {
		return nil, err
	}
	out := cloudflow.ListFlowVersions200JSONResponse{RequestId: h.call.requestID, FlowVersions: make([]cloudflow.FlowVersion, 0, len(vs))}
	for _, v := range vs {
		out.FlowVersions = append(out.FlowVersions, cloudflow.FlowVersion{Version: v.Version, Description: ptr(v.Description), CreatedTime: cftime.Time{Time: v.Created}})
	}
	out.NextToken = h.nextToken(next, "ListFlowVersions", p.FlowName)
	return out, nil
}

// DeleteFlowVersion deletes a version no alias routes to.
func (h handler) DeleteFlowVersion(_ context.Context, req cloudflow.DeleteFlowVersionRequestObject) (cloudflow.DeleteFlowVersionResponseObject, error) {
	if err := h.session().DeleteVersion(req.Params.FlowName, req.Params.FlowVersion); err != nil {
		return nil, err
	}
	return cloudflow.DeleteFlowVersion200JSONResponse{RequestId: h.call.requestID}, nil
}

// CreateFlowAlias creates an alias routing to versions by weight.
func (h handler) CreateFlowAlias(_ context.Context, req cloudflow.CreateFlowAliasRequestObject) (cloudflow.CreateFlowAliasResponseObject, error) {
	p := req.Params
	a, err := h.session().CreateAlias(store.Alias{Flow: p.FlowName, Name: p.Name, Description: deref(p.Description), Routes: routes(p.RoutingConfigurations)})
	if err != nil {
		return nil, err
	}
	out := aliasOut(a)
	return cloudflow.CreateFlowAlias200JSONResponse{
		FlowName: a.Flow, Name: out.Name, Description: out.Description, CreatedTime: out.CreatedTime,
		RoutingConfigurations: out.RoutingConfigurations, RequestId: h.call.requestID,
	}, nil
}

// DescribeFlowAlias returns one alias.
func (h handler) DescribeFlowAlias(_ context.Context, req cloudflow.DescribeFlowAliasRequestObject) (cloudflow.DescribeFlowAliasResponseObject, error) {
	a, err := h.session().Alias(req.Params.FlowName, req.Params.Name)
	if err != nil {
		return nil, err
	}
	return cloudflow.DescribeFlowAlias200JSONResponse{Alias: aliasOut(a), RequestId: h.call.requestID}, nil
}

// UpdateFlowAlias changes an alias's description or routes.
func (h handler) UpdateFlowAlias(_ context.Context, req cloudflow.UpdateFlowAliasRequestObject) (cloudflow.UpdateFlowAliasResponseObject, error) {
	p := req.Params
	patch := store.AliasPatch{Description: p.Description}
	if p.RoutingConfigurations != nil {
		rs := routes(*p.RoutingConfigurations)
		patch.Routes = &rs
	}
	a, err := h.session().UpdateAlias(p.FlowName, p.Name, patch)
	if err != nil {
		return nil, err
	}
	return cloudflow.UpdateFlowAlias200JSONResponse{Alias: aliasOut(a), RequestId: h.call.requestID}, nil
}

// DeleteFlowAlias deletes an alias.
func (h handler) DeleteFlowAlias(_ context.Context, req cloudflow.DeleteFlowAliasRequestObject) (cloudflow.DeleteFlowAliasResponseObject, error) {
	if err := h.session().DeleteAlias(req.Params.FlowName, req.Params.Name); err != nil {
		return nil, err
	}
	return cloudflow.DeleteFlowAlias200JSONResponse{RequestId: h.call.requestID}, nil
}

// ListFlowAliases pages the flow's aliases in creation order. The SDK's model has the
// weights as strings here, and so does the contract.
func (h handler) ListFlowAliases(_ context.Context, req cloudflow.ListFlowAliasesRequestObject) (cloudflow.ListFlowAliasesResponseObject, error) {
	p := req.Params
	after, err := h.cursor("ListFlowAliases", p.FlowName)
	if err != nil {
		return nil, err
	}
	as, next, err := h.session().ListAliases(p.FlowName, after, limitOf(p.Limit))
	if err != nil {
		return nil, err
	}
	out := cloudflow.ListFlowAliases200JSONResponse{RequestId: h.call.requestID, Aliases: make([]cloudflow.ListedAlias, 0, len(as))}
	for _, a := range as {
		la := cloudflow.ListedAlias{Name: a.Name, Description: ptr(a.Description), CreatedTime: cftime.Time{Time: a.Created},
			RoutingConfigurations: make([]cloudflow.ListedRoutingConfiguration, 0, len(a.Routes))}
		for _, r := range a.Routes {
			la.RoutingConfigurations = append(la.RoutingConfigurations, cloudflow.ListedRoutingConfiguration{Version: r.Version, Weight: strconv.Itoa(r.Weight)})
		}
		out.Aliases = append(out.Aliases, la)
	}
	out.NextToken = h.nextToken(next, "ListFlowAliases", p.FlowName)
	return out, nil
}

func routes(rcs []cloudflow.RoutingConfiguration) []store.Route {
	out := make([]store.Route, 0, len(rcs))
	for _, rc := range rcs {
		out = append(out, store.Route{Version: rc.Version, Weight: int(rc.Weight)})
	}
	return out
}

func aliasOut(a store.Alias) cloudflow.Alias {
	out := cloudflow.Alias{Name: a.Name, Description: ptr(a.Description), CreatedTime: cftime.Time{Time: a.Created},
		RoutingConfigurations: make([]cloudflow.RoutingConfiguration, 0, len(a.Routes))}
	for _, r := range a.Routes {
		out.RoutingConfigurations = append(out.RoutingConfigurations, cloudflow.RoutingConfiguration{Version: r.Version, Weight: int32(r.Weight)})
	}
	return out
}
