package dev.convscope.gateway.api;

import dev.convscope.gateway.batch.JobRequest;
import dev.convscope.gateway.batch.JobService;
import dev.convscope.gateway.batch.JobStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Data-set jobs: create, follow, cancel, and read what the data set showed. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

  @Inject JobService jobs;

  @Inject JobSummaries summaries;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JobRequest request) {
    if (request == null) {
      throw new BadRequestException("the body must describe the job as JSON");
    }
    JobStatus status = jobs.create(request);
    return Response.created(URI.create("/api/v1/jobs/" + status.jobId())).entity(status).build();
  }

  @GET
  public List<JobStatus> list() {
    return jobs.list();
  }

  @GET
  @Path("/{job_id}")
  public JobStatus status(@PathParam("job_id") String jobId) {
    return jobs.status(jobId);
  }

  @DELETE
  @Path("/{job_id}")
  public JobStatus cancel(@PathParam("job_id") String jobId) {
    return jobs.cancel(jobId);
  }

  @GET
  @Path("/{job_id}/summary")
  public JobSummaryView summary(@PathParam("job_id") String jobId) {
    return summaries.view(jobId);
  }
}
