import { DetailError } from "@/components/detail/detail-error";
import { RequestedReference } from "@/components/detail/requested-reference";

/** `/containers/{ref}` that names no container on this engine: HTTP 404, with what was asked and what to try. */
export default function ContainerNotFound() {
  return (
    <DetailError
      reference={<RequestedReference />}
      error={{
        code: "not_found",
        message: "No container on this Docker host has this name, id or id prefix.",
      }}
    />
  );
}
